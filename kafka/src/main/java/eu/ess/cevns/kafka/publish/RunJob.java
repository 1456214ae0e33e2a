package eu.ess.cevns.kafka.publish;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * A run's file-writer job: its id and the id of its stop command (UUIDs, as kafka-to-nexus
 * requires; name-based from the host's service id, the run and its start, so a run published
 * again after a restart names the same job), the file name and the run name (the run number).
 */
record RunJob(String jobId, String stopCommandId, String filename, String runName) {
    static RunJob of(String serviceId, String source, int run, long startNs, String filenamePattern) {
        UUID job = UUID.nameUUIDFromBytes((serviceId + "/run/" + run + "/" + startNs).getBytes(StandardCharsets.UTF_8));
        UUID stop = UUID.nameUUIDFromBytes((job + "/stop").getBytes(StandardCharsets.UTF_8));
        String file = filenamePattern.replace("{source}", source).replace("{run}", String.format(Locale.ROOT, "%06d", run));
        return new RunJob(job.toString(), stop.toString(), file, Integer.toString(run));
    }
}
