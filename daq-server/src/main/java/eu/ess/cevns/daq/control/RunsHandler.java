package eu.ess.cevns.daq.control;

import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunStore;

import java.util.Optional;

/** {@code GET /api/runs} and {@code GET /api/runs/{n}}: the runs of the data root, as their metadata says. */
public final class RunsHandler {
    private final RunStore store;

    public RunsHandler(RunStore store) {
        this.store = store;
    }

    public ApiResponse list(ApiRequest request) {
        ArrayNode runs = JsonNodeFactory.instance.arrayNode();
        for (RunInfo r : store.runs()) {
            runs.add(toJson(r));
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("runs", runs);
        return ApiResponse.ok(body);
    }

    public ApiResponse one(ApiRequest request) {
        String n = request.pathParams().get("n");
        int number;
        try {
            number = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return ApiResponse.error(400, "run number must be a whole number, got '" + n + "'", "n");
        }
        Optional<RunInfo> run = store.run(number);
        return run.map(r -> ApiResponse.ok(toJson(r)))
                .orElseGet(() -> ApiResponse.error(404, "no run " + number + " in " + store.root()));
    }

    /**
     * The JSON form of a run (DESIGN §7): number, state, start, stop, waveforms, pulses, comment; and
     * the stop's comment, why it stopped ({@code normal}, {@code aborted}, {@code diskFull}; null for
     * runs recorded before it was kept) and the waveforms dropped, in all and by reason.
     */
    public static ObjectNode toJson(RunInfo r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("number", r.number());
        o.put("state", r.state().name());
        o.put("start", r.start() == null ? null : r.start().toString());
        o.put("stop", r.stop() == null ? null : r.stop().toString());
        o.put("waveforms", r.waveforms());
        o.put("pulses", r.pulses());
        o.put("comment", r.comment());
        o.put("stopComment", r.stopComment());
        o.put("stopReason", r.stopReason());
        o.put("dropped", r.dropped());
        if (r.droppedByReason() != null) {
            ObjectNode byReason = o.putObject("droppedByReason");
            r.droppedByReason().forEach(byReason::put);
        }
        return o;
    }
}
