package eu.ess.cevns.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the built distribution's {@code bin/cevns-daq} as a user would, as a separate process.
 * The integration tests use it for the server (kept running, its output lines collected) and for
 * one-shot client commands.
 */
final class Cli {
    static final Path DIST = Paths.get(System.getProperty("cevns.dist.dir", "target/cevns-daq-0.1.0"));
    static final Path LAUNCHER = DIST.resolve("bin/cevns-daq");

    private Cli() {
    }

    /** A loopback UDP address where no pvAccess server answers: keeps a test's server from finding any IOC. */
    static String nowhere() {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Result of a finished command. */
    record Result(int exitCode, String out, String err) {
    }

    /** Runs a command to completion (at most {@code timeoutS} seconds). */
    static Result run(int timeoutS, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CEVNS_LOG_LEVEL", "warn");
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cevns-daq " + String.join(" ", args) + " did not finish in " + timeoutS + " s; stderr: "
                    + Files.readString(err));
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** A long-running command (serve, demo) whose output lines are collected as they come. */
    static final class Background implements AutoCloseable {
        /** Started since the current test began, for {@link ProcessOutputOnFailure}. */
        static final List<Background> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Process process;
        final String command;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuffer all = new StringBuffer();

        Background(String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(LAUNCHER.toString());
            cmd.addAll(List.of(args));
            command = "cevns-daq " + String.join(" ", args);
            STARTED.add(this);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("CEVNS_LOG_LEVEL", "info");
            process = pb.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                        all.append(line).append('\n');
                    }
                } catch (IOException e) {
                    all.append("(output reader ended: ").append(e).append(")\n");
                }
            }, "cli-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for a line matching {@code regex} and returns its match. */
        Matcher await(String regex, int timeoutS) throws InterruptedException {
            Pattern p = Pattern.compile(regex);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    Matcher m = p.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                } else if (!process.isAlive()) {
                    throw new AssertionError("process ended (exit " + process.exitValue() + ") before printing /" + regex
                            + "/; its output:\n" + all);
                }
            }
            throw new AssertionError("no line matching /" + regex + "/ within " + timeoutS + " s; output so far:\n" + all);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }
}
