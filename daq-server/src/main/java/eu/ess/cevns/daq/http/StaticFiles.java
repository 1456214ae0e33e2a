package eu.ess.cevns.daq.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves files from the classpath: the dashboard ({@code /ui/...} from {@code web/} in the jar)
 * and the charting library's WebJar ({@code /webjars/...}). Nothing is built at run time; a path
 * that tries to climb out of its root is 400, one that is not there is 404.
 */
public final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "json", "application/json; charset=utf-8", "ico", "image/x-icon",
            "map", "application/json; charset=utf-8");

    private final String root;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** @param root classpath folder, e.g. {@code web/} */
    public StaticFiles(String root) {
        this.root = root.endsWith("/") ? root : root + "/";
    }

    /** Handler for a route ending in {@code /**}: serves the rest of the path. */
    public ApiResponse handle(ApiRequest request) throws IOException {
        return file(request.pathParams().getOrDefault("**", ""));
    }

    public ApiResponse file(String relative) throws IOException {
        String rel = relative.isEmpty() ? "index.html" : relative;
        if (rel.contains("..") || rel.startsWith("/") || rel.contains("\\")) {
            return ApiResponse.error(400, "bad file path: " + relative, "path");
        }
        byte[] bytes = cache.get(rel);
        if (bytes == null) {
            try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(root + rel)) {
                if (in == null) {
                    return ApiResponse.error(404, "no such file: " + rel);
                }
                bytes = in.readAllBytes();
            }
            cache.put(rel, bytes);
        }
        int dot = rel.lastIndexOf('.');
        String type = TYPES.getOrDefault(dot < 0 ? "" : rel.substring(dot + 1), "application/octet-stream");
        return ApiResponse.bytes(type, bytes);
    }
}
