package eu.ess.cevns.daq.control;

import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.daq.status.StatusJson;
import eu.ess.cevns.daq.store.RunInfo;
import eu.ess.cevns.daq.store.RunStore;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/runs} (all, or the {@code last=N} newest) and {@code GET /api/runs/{n}}: the runs of
 * the data root as their {@code run.json} says, with what a run list shows: duration, beam, the
 * analysis at the run's end and the quality flag, each when known.
 */
public final class RunsHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunStore store;

    public RunsHandler(RunStore store) {
        this.store = store;
    }

    public ApiResponse list(ApiRequest request) {
        String last = request.queryParam("last", null);
        List<RunInfo> all = store.runs();
        if (last != null) {
            int n;
            try {
                n = Integer.parseInt(last);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1) {
                return ApiResponse.error(400, "last must be a whole number of runs >= 1, got '" + last + "'", "last");
            }
            all = all.subList(Math.max(0, all.size() - n), all.size());
        }
        ArrayNode runs = JsonNodeFactory.instance.arrayNode();
        for (RunInfo r : all) {
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
     * runs recorded before it was kept), the waveforms dropped, in all and by reason, for a run
     * stopped by this version what its readout lost ({@code readout}), {@code durationS} (so far,
     * while running), and when known {@code beam}, {@code analysis} and {@code quality} (null when
     * not known).
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
        if (r.readout() != null) {
            StatusJson.loss(r.readout(), o.putObject("readout"));
        }
        double duration = r.durationS(Instant.now());
        if (Double.isNaN(duration)) {
            o.putNull("durationS");
        } else {
            o.put("durationS", duration);
        }
        o.set("beam", JSON.valueToTree(r.beam()));
        o.set("analysis", r.analysis() == null ? o.nullNode() : analysisJson(r.analysis()));
        o.set("quality", r.quality() == null ? o.nullNode() : LogbookHandler.qualityJson(r.quality()));
        return o;
    }

    private static ObjectNode analysisJson(RunInfo.Analysis a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("excess", a.excess());
        o.put("excessError", a.excessError());
        o.put("expected", a.expected());
        o.put("expectedSyst", a.expectedSyst());
        o.put("significance", a.significance());
        o.put("verdict", a.verdict());
        o.put("time", a.time() == null ? null : a.time().toString());
        return o;
    }
}
