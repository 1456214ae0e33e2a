package eu.ess.cevns.daq.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as a handler sees it: method, path split at '/', query parameters, the
 * {@code Authorization} header (or null), the body as UTF-8 text, and the other headers (names in
 * lower case, first value). {@code pathParams} are the values the router matched for
 * {@code {name}} segments of the route.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, String authorization,
                         String body, Map<String, String> pathParams, Map<String, String> headers) {

    public ApiRequest {
        headers = Map.copyOf(headers);
    }

    /** A request with no headers besides {@code Authorization}. */
    public ApiRequest(String method, String path, Map<String, List<String>> query, String authorization, String body,
                      Map<String, String> pathParams) {
        this(method, path, query, authorization, body, pathParams, Map.of());
    }

    /** First value of a query parameter, or {@code fallback}. */
    public String queryParam(String name, String fallback) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? fallback : v.get(0);
    }

    /** The header of this name (any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The value of the cookie of this name, or null. */
    public String cookie(String name) {
        String all = header("cookie");
        if (all == null) {
            return null;
        }
        for (String pair : all.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                return pair.substring(eq + 1).strip();
            }
        }
        return null;
    }

    ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, query, authorization, body, params, headers);
    }
}
