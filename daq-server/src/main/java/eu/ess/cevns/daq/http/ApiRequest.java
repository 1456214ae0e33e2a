package eu.ess.cevns.daq.http;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as a handler sees it: method, path split at '/', query parameters, the
 * {@code Authorization} header (or null) and the body as UTF-8 text. {@code pathParams} are the
 * values the router matched for {@code {name}} segments of the route.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, String authorization,
                         String body, Map<String, String> pathParams) {

    /** First value of a query parameter, or {@code fallback}. */
    public String queryParam(String name, String fallback) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? fallback : v.get(0);
    }

    ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, query, authorization, body, params);
    }
}
