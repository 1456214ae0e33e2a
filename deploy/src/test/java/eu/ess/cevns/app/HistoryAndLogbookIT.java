package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import eu.ess.cevns.daq.store.LogbookRecords;
import eu.ess.cevns.daq.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static eu.ess.cevns.app.DashboardIT.get;
import static eu.ess.cevns.app.DashboardIT.pageErrors;
import static eu.ess.cevns.app.DashboardIT.screenshot;
import static eu.ess.cevns.app.DashboardIT.text;
import static eu.ess.cevns.app.DashboardIT.type;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The history on the server and the run logbook as a shift meets them, every piece a separate
 * process: a first {@code demo} records run 1 while {@code cevns-daq log} writes in its logbook; it
 * ends; a second {@code demo} starts on the same data root, and a browser opened only then shows
 * the minutes before the restart in its charts, the last runs with their beam and excess, and the
 * logbook; the crew writes an entry with a tag on the page and flags run 2 good, {@code cevns-daq
 * quality} flags run 1 bad; the header stays pinned while the page scrolls; when the server goes
 * away every tile turns grey with the age of its values; a {@code serve} back on the same address
 * is followed by the page, and a run it opens with nothing connected shows NOTHING STORED, not
 * RECORDING; once stopped, the beam tile says its pulses no longer count. Afterwards {@code runs}, {@code analyze} and
 * {@code export --good-only} honour the flags, and the runs' own records hold each entry made while
 * they were open, with who made it. Screenshots go to {@code target/}.
 */
class HistoryAndLogbookIT {

    @Test
    void theHistoryOutlivesARestartAndTheLogbookAndFlagsReachEveryView(@TempDir Path data, @TempDir Path profile, @TempDir Path out)
            throws Exception {
        String d = data.toString();
        long firstEnd;
        try (Cli.Background demo1 = new Cli.Background("demo", "--data", d, "--duration", "20", "--udp-port", "0", "--tcp-port", "0",
                "--http-port", "0", "--pva-port", "0")) {
            String http1 = demo1.await(ServeIT.SERVING, 60).group(1);
            demo1.await("demo: run 1 started", 60);
            Cli.Result log = Cli.run(60, "log", "beam trip at the start, back after 5 s", "--tag", "beam trip", "--http", http1, "--data", d);
            assertEquals(0, log.exitCode(), log.err());
            assertTrue(log.out().startsWith("run 1 logbook: ") && log.out().contains("[beam trip]  beam trip at the start"), log.out());
            demo1.await("demo: run 1 stopped", 60);
            assertTrue(demo1.process.waitFor(60, TimeUnit.SECONDS), "the first demo ends by itself");
            firstEnd = Instant.now().getEpochSecond();
        }
        Cli.Result runs1 = Cli.run(60, "runs", "--data", d);
        assertEquals(0, runs1.exitCode(), runs1.err());
        String row1 = runs1.out().lines().filter(l -> l.startsWith("     1  STOPPED")).findFirst().orElseThrow(() -> new AssertionError(runs1.out()));
        assertTrue(row1.matches(".*\\d\\.\\d\\de\\+1\\d .* [0-9.]+ ± [0-9.]+ / [0-9.]+ .*"), "POT and the excess against expected: " + row1);

        try (Cli.Background demo2 = new Cli.Background("demo", "--data", d, "--duration", "300", "--udp-port", "0", "--tcp-port", "0",
                "--http-port", "0", "--pva-port", "0")) {
            String http = demo2.await(ServeIT.SERVING, 60).group(1);
            demo2.await("demo: run 2 started", 60);
            long secondUp = Instant.now().getEpochSecond();
            // the server's own history spans the restart: the first server's seconds, with data flowing
            JsonNode h = get(http + "/api/history?from=-10m&fields=waveformRate");
            int before = 0;
            for (int i = 0; i < h.path("t").size(); i++) {
                JsonNode v = h.at("/series/waveformRate").get(i);
                if (h.path("t").get(i).asLong() <= firstEnd && !v.isNull() && v.asDouble() > 0) {
                    before++;
                }
            }
            assertTrue(before >= 10, "seconds of data flow from before the restart: " + before);

            WebDriver browser = DashboardIT.chromium(profile);
            try {
                browser.get(http + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                JavascriptExecutor js = (JavascriptExecutor) browser;
                // the range buttons are made by the page's modules once they have loaded
                wait.until(b -> !b.findElements(By.id("range-10m")).isEmpty());
                browser.findElement(By.id("range-10m")).click();
                // the page opened after the restart shows the minutes before it
                wait.until(b -> !attr(b, "chart-rate", "data-first").isEmpty() && Long.parseLong(attr(b, "chart-rate", "data-first")) < firstEnd
                        && Integer.parseInt(attr(b, "chart-rate", "data-shown")) >= 20);
                wait.until(b -> Integer.parseInt(attr(b, "chart-beam", "data-shown")) >= 20 && Integer.parseInt(attr(b, "chart-excess", "data-shown")) >= 5);
                assertTrue(Long.parseLong(attr(browser, "chart-excess", "data-first")) < secondUp, "the excess of run 1 is on the chart too");
                assertTrue(text(browser, "range-note").startsWith("server history, one point per 1 s"), text(browser, "range-note"));

                // the last runs: run 1 as its run.json says, run 2 from the live status
                wait.until(b -> !b.findElements(By.id("run-row-1")).isEmpty() && !b.findElements(By.id("run-row-2")).isEmpty());
                String r1 = text(browser, "run-row-1");
                assertTrue(r1.matches("1 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\d+ s [0-9.]+(×10\\^\\d+)? .*s [0-9,]+ [0-9.]+ ± [0-9.]+ / [0-9.]+ – demo"), r1);
                wait.until(b -> text(b, "run-row-2").contains("(running)"));
                screenshot(browser, "history-after-restart.png");

                // the logbook of the open run: an entry with a tag, written on the page
                wait.until(b -> text(b, "log-title").equals("Logbook of run 2"));
                DashboardIT.logInWithToken(browser, Files.readString(data.resolve("token")).strip(), "shift-tester");
                type(browser, "log-text", "calibration source in at 10 cm");
                browser.findElement(By.id("log-tag-calibration")).click();
                browser.findElement(By.id("log-add")).click();
                wait.until(b -> text(b, "log-result").startsWith("entry added to run 2"));
                wait.until(b -> text(b, "log-entries").contains("shift-tester") && text(b, "log-entries").contains("calibration source in at 10 cm"));
                new Select(browser.findElement(By.id("quality-flag"))).selectByValue("good");
                browser.findElement(By.id("quality-set")).click();
                wait.until(b -> text(b, "log-result").startsWith("run 2 flagged good"));

                // run 1 flagged bad from the command line, after it closed
                Cli.Result q = Cli.run(60, "quality", "--run", "1", "bad", "--reason", "HV of digitizer 2 off", "--http", http, "--data", d);
                assertEquals(0, q.exitCode(), q.err());
                assertTrue(q.out().startsWith("run 1 flagged BAD (HV of digitizer 2 off) by "), q.out());
                Cli.Result noReason = Cli.run(60, "quality", "--run", "1", "check", "--http", http, "--data", d);
                assertEquals(1, noReason.exitCode());
                assertTrue(noReason.err().contains("needs a reason"), noReason.err());
                wait.until(b -> flag(b, 1).equals("bad") && flag(b, 2).equals("good"));

                // a click on run 1 opens its logbook: the entry the command line wrote while it ran, and the flag
                browser.findElement(By.id("run-row-1")).click();
                wait.until(b -> text(b, "log-title").equals("Logbook of run 1 (chosen)"));
                wait.until(b -> text(b, "log-entries").contains("beam trip at the start") && text(b, "log-entries").contains("flagged BAD"));
                Cli.Result listed = Cli.run(60, "log", "--run", "1", "--http", http);
                assertTrue(listed.out().contains("logbook of run 1: 2 entries") && listed.out().contains("[beam trip]")
                        && listed.out().contains("flagged BAD: HV of digitizer 2 off"), listed.out());

                // the header stays in view at the bottom of the page
                js.executeScript("window.scrollTo(0, document.documentElement.scrollHeight)");
                wait.until(b -> ((Number) ((JavascriptExecutor) b).executeScript("return window.scrollY")).doubleValue() > 100);
                assertEquals(0.0, ((Number) js.executeScript("return document.querySelector('header').getBoundingClientRect().top")).doubleValue(),
                        "the header is pinned");
                assertTrue(browser.findElement(By.id("overall")).isDisplayed());
                screenshot(browser, "runs-and-logbook.png");
                js.executeScript("window.scrollTo(0, 0)");

                // a week: minute buckets from the server
                browser.findElement(By.id("range-7d")).click();
                wait.until(b -> text(b, "range-note").startsWith("server history, one point per") && text(b, "range-note").contains("min"));
                assertEquals(List.of(), pageErrors(browser, List.of()), "errors on the page");

                // the server goes away: no tile may go on looking healthy
                demo2.close();
                wait.until(b -> b.findElement(By.tagName("body")).getDomAttribute("class") != null
                        && b.findElement(By.tagName("body")).getDomAttribute("class").contains("stale-data"));
                wait.until(b -> text(b, "tile-run").contains("values") && text(b, "tile-run").contains("old"));
                String border = (String) js.executeScript("return getComputedStyle(document.getElementById('tile-run')).borderLeftColor");
                assertEquals("rgb(156, 163, 175)", border, "the RUN tile is grey, not green");
                assertEquals("NO LIVE DATA", text(browser, "overall"));
                screenshot(browser, "dashboard-stale.png");

                // a server back on the same address: the page follows it by itself. A run with nothing
                // connected is open but stores nothing, and the RUN tile must not say it is recording
                demo2.close();
                int port = URI.create(http).getPort();
                try (Cli.Background serve = new Cli.Background("serve", "--data", d, "--udp-port", "0", "--tcp-port", "0", "--http-port",
                        Integer.toString(port), "--pva-port", "0", "--timing-ioc", Cli.nowhere())) {
                    serve.await(ServeIT.SERVING, 60);
                    wait.until(b -> !b.findElement(By.tagName("body")).getDomAttribute("class").contains("stale-data"));
                    Cli.Result start = Cli.run(60, "run", "start", "--http", http, "--data", d, "--comment", "nothing connected");
                    assertTrue(start.out().startsWith("run 3 started"), start.out() + start.err());
                    wait.until(b -> text(b, "run-state").equals("NOTHING STORED"));
                    assertTrue(browser.findElement(By.id("tile-run")).getDomAttribute("class").contains("bad"));
                    assertTrue(text(browser, "run-word").startsWith("open, no waveform stored for "), text(browser, "run-word"));
                    screenshot(browser, "dashboard-nothing-stored.png");
                    Cli.Result stop = Cli.run(60, "run", "stop", "--http", http, "--data", d);
                    assertEquals(0, stop.exitCode(), stop.err());
                    // the run's pulses and POT are the stopped run's now, and the tile says they no longer count
                    wait.until(b -> text(b, "beam-run-label").matches("Run 3 \\(stopped \\d\\d:\\d\\d UTC, not counting\\):"));
                    assertEquals("(run 3)", text(browser, "pot-note"));
                }
            } finally {
                browser.quit();
            }
        }

        // offline, the flags are honoured
        Cli.Result runs = Cli.run(60, "runs", "--data", d);
        assertTrue(runs.out().lines().anyMatch(l -> l.startsWith("     1  STOPPED") && l.contains(" bad ") && l.contains("[bad: HV of digitizer 2 off]")),
                runs.out());
        assertTrue(runs.out().lines().anyMatch(l -> l.startsWith("     2  STOPPED") && l.contains(" good ")), runs.out());
        Cli.Result analyze = Cli.run(120, "analyze", "--run", "1", "--data", d);
        assertEquals(0, analyze.exitCode(), analyze.err());
        assertTrue(analyze.err().contains("run 1 is flagged BAD (HV of digitizer 2 off)"), analyze.err());
        assertTrue(analyze.out().contains("quality  BAD (HV of digitizer 2 off) by "), analyze.out());
        Cli.Result export = Cli.run(120, "export", "--runs", "1-2", "--good-only", "--format", "csv", "--out", out.resolve("x").toString(),
                "--data", d);
        assertEquals(1, export.exitCode(), "a run left out: " + export.err());
        assertTrue(export.err().contains("run 1 skipped: flagged bad (HV of digitizer 2 off) by "), export.err());
        assertTrue(export.out().contains("(flagged good)"), export.out());

        // each entry made while its run was open is in the run's own records, with who made it
        assertEquals(List.of("log " + System.getProperty("user.name") + "@cli: beam trip at the start, back after 5 s [beam trip]"),
                LogbookRecords.of(new RunStore(data), 1), "run 1's flag came after it closed: in its run.json and logbook only");
        assertEquals(List.of("log shift-tester: calibration source in at 10 cm [calibration]", "quality shift-tester: good"),
                LogbookRecords.of(new RunStore(data), 2));
    }

    static String attr(WebDriver b, String id, String name) {
        String v = b.findElement(By.id(id)).getDomAttribute(name);
        return v == null ? "" : v;
    }

    static String flag(WebDriver b, int run) {
        List<WebElement> f = b.findElements(By.cssSelector("#run-row-" + run + " .flag"));
        return f.isEmpty() ? "" : f.get(0).getText();
    }
}
