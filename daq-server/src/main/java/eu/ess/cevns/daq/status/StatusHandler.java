package eu.ess.cevns.daq.status;

import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code GET /api/status}: one object with a key per {@link StatusSection}, in registration order,
 * plus the time it was taken. The field names are a contract for operators' scripts (DESIGN §7).
 */
public final class StatusHandler {
    private final List<StatusSection> sections = new CopyOnWriteArrayList<>();

    public StatusHandler add(StatusSection section) {
        sections.add(section);
        return this;
    }

    public ObjectNode snapshot() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("time", Instant.now().toString());
        for (StatusSection s : sections) {
            s.write(root.putObject(s.name()));
        }
        return root;
    }

    public ApiResponse handle(ApiRequest request) {
        return ApiResponse.ok(snapshot());
    }
}
