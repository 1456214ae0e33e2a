package eu.ess.cevns.daq.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Maps (method, path template) to handlers. Templates are literal segments and {@code {name}}
 * placeholders, e.g. {@code /api/runs/{n}}; a last segment {@code **} takes the rest of the path
 * (as path parameter {@code **}). A path that matches no template is 404; a path that
 * matches with another method is 405, naming the methods it takes.
 */
public final class ApiRouter {
    /** One row of the table: a method, a path template, and who answers. */
    public record Route(String method, String template, ApiHandler handler) {
        public static Route of(String method, String template, ApiHandler handler) {
            return new Route(method, template, handler);
        }
    }

    private record Compiled(Route route, String[] segments) {
    }

    private final List<Compiled> routes = new CopyOnWriteArrayList<>();

    /** Adds a route after those already in the table (the first match answers). */
    public ApiRouter add(Route route) {
        routes.add(new Compiled(route, split(route.template())));
        return this;
    }

    public ApiResponse dispatch(ApiRequest request) throws Exception {
        String[] segments = split(request.path());
        List<String> allowed = new ArrayList<>();
        for (Compiled c : routes) {
            Map<String, String> params = match(c.segments(), segments);
            if (params == null) {
                continue;
            }
            if (!c.route().method().equals(request.method())) {
                allowed.add(c.route().method());
                continue;
            }
            return c.route().handler().handle(request.withPathParams(params));
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
                params.put("**", String.join("/", Arrays.copyOfRange(path, i, path.length)));
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
