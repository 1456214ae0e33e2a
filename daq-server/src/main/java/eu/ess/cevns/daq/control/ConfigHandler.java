package eu.ess.cevns.daq.control;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.daq.http.ApiRequest;
import eu.ess.cevns.daq.http.ApiResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.SiteConfig;

import java.util.Map;

/**
 * {@code GET /api/config}: the configuration in force, read-only: the site (detector with its
 * digitizers and channels, ports, timing, alarm limits; the write token and the clients allowed to
 * put over pvAccess left out) and, under
 * {@code live}, the thresholds and windows as experts have set them since; under {@code pulse}, the
 * ESS pulse clock.
 */
public final class ConfigHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SiteConfig site;
    private final LiveSettings settings;

    public ConfigHandler(SiteConfig site, LiveSettings settings) {
        this.site = site;
        this.settings = settings;
    }

    public ApiResponse get(ApiRequest request) {
        ObjectNode o = JSON.valueToTree(site);
        // the token guards writes; reading the config must not hand it out
        o.remove("writeToken");
        o.put("dataRoot", site.dataRoot().toString());
        o.put("writeTokenFile", site.writeTokenFile() == null ? null : site.writeTokenFile().toString());
        // who may put over pvAccess is what a client would claim to be: reading the config must not tell it
        ObjectNode pvaWrites = o.putObject("pvaWrites");
        pvaWrites.put("enabled", site.pvaWrites().enabled());
        pvaWrites.put("allowed", site.pvaWrites().allow().size());
        // the ESS pulse clock, so the page divides time as the server does
        ObjectNode pulse = o.putObject("pulse");
        pulse.put("rateHz", EssPulse.RATE_HZ);
        pulse.put("periodNs", EssPulse.PERIOD_NS);
        pulse.put("periodUs", EssPulse.PERIOD_US);
        ObjectNode live = o.putObject("live");
        live.set("windows", WindowsHandler.toJson(settings.windows()));
        ObjectNode thresholds = live.putObject("thresholdsKeVnr");
        for (Map.Entry<Integer, Double> t : settings.values().thresholdsById().entrySet()) {
            thresholds.put(Integer.toString(t.getKey()), t.getValue());
        }
        return ApiResponse.ok(o);
    }
}
