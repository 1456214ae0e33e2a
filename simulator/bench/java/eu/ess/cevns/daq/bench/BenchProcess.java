package eu.ess.cevns.daq.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process of a benchmark that answers one line per command line (the {@link BenchServer}, the
 * bare receiver, a sender): started with the JVM flags and class path of this one, its first line
 * read as its greeting, its errors kept in a file so that a failure can say why.
 */
final class BenchProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;
    private final Path errors;
    private final String greeting;

    private BenchProcess(List<String> command, boolean greets) throws IOException {
        errors = Files.createTempFile("bench-process", ".err");
        process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String first = greets ? readLine() : "";
        // a library may print a banner first: the greeting is the line that says the process is ready
        while (greets && !first.startsWith("ready ") && !first.startsWith("port ")) {
            first = readLine();
        }
        greeting = first;
    }

    /** A JVM running {@code main} with this JVM's flags and class path, and {@code properties} as -D flags. */
    static BenchProcess java(Class<?> main, Map<String, String> properties, List<String> args, boolean greets) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : System.getProperty("cevns.jvm.flags", "").split(" ")) {
            if (!flag.isBlank()) {
                cmd.add(flag);
            }
        }
        // stdout carries the answers; logging goes to stderr, as the application's own settings say
        cmd.add("-Dorg.slf4j.simpleLogger.logFile=System.err");
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(classPath(main));
        cmd.add(main.getName());
        cmd.addAll(args);
        return new BenchProcess(cmd, greets);
    }

    /**
     * This JVM's class path; for the server, {@code bench.serverModules} (a colon-separated list of
     * module {@code target/classes} folders of another build, e.g. main's) put first, so that the same
     * harness measures the version before a change beside the version after it.
     */
    private static String classPath(Class<?> main) {
        String before = System.getProperty("bench.serverModules");
        String own = System.getProperty("java.class.path");
        return main == BenchServer.class && before != null && !before.isBlank() ? before + ":" + own : own;
    }

    /** A native program (the bare receiver). */
    static BenchProcess program(List<String> command) throws IOException {
        return new BenchProcess(command, true);
    }

    String greeting() {
        return greeting;
    }

    /** Sends one command and returns the one line it answers. */
    String ask(String command) throws IOException {
        in.println(command);
        return readLine();
    }

    String readLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("process ended: " + Files.readString(errors).strip());
        }
        return line;
    }

    /** Waits for the process to end and returns its last line of output. */
    String awaitLastLine(long timeoutS) throws IOException, InterruptedException {
        String last = "";
        for (String line; (line = out.readLine()) != null; ) {
            last = line;
        }
        if (!process.waitFor(timeoutS, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("process failed: " + Files.readString(errors).strip());
        }
        return last;
    }

    long pid() {
        return process.pid();
    }

    /** {@code key=value} words of a line as numbers (what is not a number is left out). */
    static Map<String, Double> values(String line) {
        Map<String, Double> m = new HashMap<>();
        for (String word : line.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                try {
                    m.put(word.substring(0, eq), Double.parseDouble(word.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // a name, not a figure
                }
            }
        }
        return m;
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            in.println("quit");
            in.close();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(errors);
    }
}
