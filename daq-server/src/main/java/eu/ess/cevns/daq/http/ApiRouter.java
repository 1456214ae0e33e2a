package eu.ess.cevns.daq.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps (method, path template) to handlers. Templates are literal segments and {@code {name}}
 * placeholders, e.g. {@code /api/runs/{n}}; a last segment {@code **} takes the rest of the path
 * (as path parameter {@code **}). A path that matches no template is 404; a path that
 * matches with another method is 405, naming the methods it takes.
 */
public final class ApiRouter {
    private record Route(String method, String[] segments, ApiHandler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    public ApiRouter route(String method, String template, ApiHandler handler) {
        routes.add(new Route(method, split(template), handler));
        return this;
    }

    public ApiResponse dispatch(ApiRequest request) throws Exception {
        String[] segments = split(request.path());
        List<String> allowed = new ArrayList<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), segments);
            if (params == null) {
                continue;
            }
            if (!r.method().equals(request.method())) {
                allowed.add(r.method());
                continue;
            }
            return r.handler().handle(request.withPathParams(params));
        }
        if (!allowed.isEmpty()) {
            return ApiResponse.error(405, request.method() + " is not allowed on " + request.path()
                    + "; use " + String.join(" or ", allowed));
        }
        return ApiResponse.error(404, "no such resource: " + request.path());
    }

    private static Map<String, String> match(String[] template, String[] path) {
        boolean rest = template.length > 0 && template[template.length - 1].equals("**");
        if (rest ? path.length < template.length - 1 : template.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (rest && i == template.length - 1) {
                params.put("**", String.join("/", java.util.Arrays.copyOfRange(path, i, path.length)));
                break;
            }
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), path[i]);
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p.startsWith("/") ? p.substring(1).split("/") : p.split("/");
    }
}
