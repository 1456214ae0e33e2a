package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The dashboard as a shift crew and an expert meet it: {@code demo} runs, Debian's Chromium
 * (headless, 1280×800, driven through chromedriver by Selenium) opens the page, waits for live
 * data, checks the shift panel against {@code /api/status} and that it fits the screen, then sets
 * a threshold in the expert tab and sees it taken, shown, refused when out of range, and read back
 * from the run's own config-change records; stops the run from the page and sees the shift panel
 * name the "beam on, no run" alarm, then starts the next run and sees it clear. Screenshots of
 * both tabs and of the alarm go to {@code target/}.
 */
class DashboardIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    @Test
    void shiftPanelShowsLiveDataAndTheExpertTabSetsAThresholdThatTheRunRecords(@TempDir Path data, @TempDir Path profile)
            throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
        try (Cli.Background demo = new Cli.Background("demo", "--data", data.toString(), "--duration", "240", "--udp-port", "0",
                "--tcp-port", "0", "--http-port", "0", "--pva-port", "0")) {
            String http = demo.await(ServeIT.SERVING, 60).group(1);
            demo.await("demo: run 1 started", 60);
            WebDriver browser = chromium(profile);
            try {
                // open the page only once the server itself sees every channel deliver: from then on the
                // page must never have shown NO DATA, not even before it had two samples of its own
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!allChannelsDeliver(get(http + "/api/status")) && System.nanoTime() < until) {
                    Thread.sleep(200);
                }
                assertTrue(allChannelsDeliver(get(http + "/api/status")), "the demo's channels deliver within 30 s");
                browser.get(http + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                // live data: a run recording, waveforms flowing, beam known, and an excess computed
                wait.until(b -> text(b, "run-state").equals("RECORDING"));
                wait.until(b -> number(text(b, "waveform-rate")) > 0);
                wait.until(b -> text(b, "beam-state").startsWith("BEAM ON"));
                wait.until(b -> text(b, "excess").contains("±"));
                @SuppressWarnings("unchecked")
                List<String> flowStates = (List<String>) ((JavascriptExecutor) browser).executeScript("return window.__daqStates");
                assertTrue(flowStates.contains("FLOWING"), "data flow states shown: " + flowStates);
                assertFalse(flowStates.contains("NO DATA"), "the page said NO DATA while data flowed: " + flowStates);

                JsonNode status = get(http + "/api/status");
                assertEquals(status.at("/run/number").asText(), text(browser, "run-number"), "run number as the API says");
                assertEquals("CONNECTED", text(browser, "timing"));
                List<WebElement> chans = browser.findElements(By.cssSelector("#channel-strip .chan"));
                assertEquals(status.at("/channels/list").size(), chans.size(), "one box per configured channel");
                assertEquals(16, chans.size(), "csi-cryogenic has 16 channels");
                assertEquals("16 of 16", text(browser, "channels-ok"), "every simulated channel delivers");
                String overall = text(browser, "overall");
                int alarms = get(http + "/api/alarms").path("count").asInt();
                assertTrue(overall.equals(alarms == 0 ? "ALL OK" : alarms + (alarms > 1 ? " ALARMS" : " ALARM")) || overall.contains("ALARM"),
                        "overall state '" + overall + "' with " + alarms + " alarms active");
                // the shift panel fits 1280×800 without scrolling
                JavascriptExecutor js = (JavascriptExecutor) browser;
                long innerH = ((Number) js.executeScript("return window.innerHeight")).longValue();
                long scrollH = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
                long innerW = ((Number) js.executeScript("return window.innerWidth")).longValue();
                long scrollW = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
                assertEquals(800, innerH, "viewport height");
                assertTrue(scrollH <= innerH && scrollW <= innerW, "shift panel needs scrolling: " + scrollW + "×" + scrollH);
                // every chart of the shift panel is drawn
                wait.until(b -> b.findElements(By.cssSelector(".charts canvas")).size() >= 4);
                Thread.sleep(2500);
                screenshot(browser, "dashboard-shift.png");

                // expert: wrong token refused, out-of-range refused, a good value taken and recorded
                browser.findElement(By.id("tab-expert")).click();
                wait.until(b -> b.findElements(By.id("thr-set-3")).size() == 1);
                type(browser, "who", "it-tester");
                type(browser, "token", "not-the-token");
                type(browser, "thr-input-3", "2.5");
                browser.findElement(By.id("thr-set-3")).click();
                wait.until(b -> text(b, "write-result").startsWith("refused (401)"));
                assertEquals("1", text(browser, "thr-current-3").replace(".0", ""), "nothing changed");

                type(browser, "token", Files.readString(data.resolve("token")).strip());
                type(browser, "thr-input-4", "-1");
                browser.findElement(By.id("thr-set-4")).click();
                wait.until(b -> text(b, "write-result").startsWith("refused (400)"));
                assertTrue(text(browser, "write-result").contains("keVnr"), text(browser, "write-result"));

                browser.findElement(By.id("thr-set-3")).click();
                wait.until(b -> text(b, "write-result").startsWith("Ch3 threshold set to 2.5 keVnr"));
                wait.until(b -> text(b, "thr-current-3").equals("2.5"));
                // the change log is read back from the run's own records by the analysis
                wait.until(b -> text(b, "change-log").contains(" UTC it-tester Ch3:Threshold 1.0 -> 2.5"));
                assertFalse(text(browser, "change-log").contains("Ch4:Threshold"), "the refused write left no record");
                assertEquals(2.5, get(http + "/api/channels/3/threshold").path("keVnr").asDouble());
                assertEquals(1.0, get(http + "/api/channels/4/threshold").path("keVnr").asDouble());

                // the oscilloscope shows recent triggers of the chosen channel
                new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("scope-channel"))).selectByValue("3");
                wait.until(b -> text(b, "scope-info").contains("latest triggers of channel 3"));
                wait.until(b -> b.findElements(By.cssSelector("#chart-scope canvas")).size() == 1);
                wait.until(b -> b.findElements(By.cssSelector("#chart-channel-energy canvas")).size() == 1);
                Thread.sleep(1500);
                js.executeScript("window.scrollTo(0, 0)");
                screenshot(browser, "dashboard-expert.png");

                // what the oscilloscope draws: whole records of channel 3 as the detector file describes them
                JsonNode scope = get(http + "/api/waveforms?channel=3&count=4");
                JsonNode detector = get(http + "/api/config").path("detector").path("digitizers").path(0);
                assertEquals(3, scope.path("channel").asInt());
                assertTrue(scope.path("traces").size() >= 1 && scope.path("traces").size() <= 4, scope.toString());
                JsonNode trace = scope.path("traces").path(0);
                assertEquals(detector.path("recordLength").asInt(), trace.path("samples").size(), "a whole record");
                assertEquals(detector.path("preTrigger").asInt(), trace.path("preTrigger").asInt());
                assertEquals(1000.0 / detector.path("samplingRateMHz").asDouble(), scope.path("samplePeriodNs").asDouble(), 1e-9);
                assertEquals(400, status(http + "/api/waveforms?channel=three"), "channel not a number");
                assertEquals(400, status(http + "/api/waveforms?channel=3&count=99"), "more traces than kept");
                assertEquals(404, status(http + "/api/waveforms?channel=999"), "no such channel in the detector");

                // run control from the expert tab; with the beam on and no run, the shift panel names the alarm
                type(browser, "run-comment", "stopped by the browser test");
                browser.findElement(By.id("run-stop")).click();
                wait.until(b -> text(b, "write-result").startsWith("run 1 stopped"));
                browser.findElement(By.id("tab-shift")).click();
                wait.until(b -> text(b, "run-state").equals("NOT RECORDING"));
                assertEquals("stopped", text(browser, "run-word"));
                WebDriverWait beamWait = new WebDriverWait(browser, Duration.ofSeconds(90));
                beamWait.until(b -> !b.findElements(By.cssSelector("#alarm-list li[data-alarm='noRun']")).isEmpty());
                WebElement noRun = browser.findElement(By.cssSelector("#alarm-list li[data-alarm='noRun']"));
                assertTrue(noRun.getText().contains("Beam on, no run recording"), noRun.getText());
                assertTrue(noRun.getAttribute("class").contains("MINOR"), noRun.getAttribute("class"));
                assertTrue(text(browser, "overall").contains("ALARM"), text(browser, "overall"));
                assertEquals("STOPPED", get(http + "/api/runs/1").path("state").asText());
                screenshot(browser, "dashboard-alarm.png");

                browser.findElement(By.id("tab-expert")).click();
                browser.findElement(By.id("run-start")).click();
                wait.until(b -> text(b, "write-result").startsWith("run 2 started"));
                browser.findElement(By.id("tab-shift")).click();
                wait.until(b -> b.findElements(By.cssSelector("#alarm-list li[data-alarm='noRun']")).isEmpty());
                assertEquals("2", text(browser, "run-number"));
                assertEquals("stopped by the browser test", get(http + "/api/runs/1").path("stopComment").asText(),
                        "the run records the comment typed on the page");
            } finally {
                browser.quit();
            }
        }
    }

    static WebDriver chromium(Path profile) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        // flags this machine's closed network needs (no background calls home), as root in a sandbox
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--hide-scrollbars", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, o);
        // the viewport itself is 1280×800 (a window of that size loses some height to its frame)
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        // every text the data-flow tile shows, from the first paint on (installed before the page's own scripts)
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
                "window.__daqStates = []; new MutationObserver(() => { const e = document.getElementById('daq-state');"
                        + " if (e) { const t = e.textContent; const l = window.__daqStates;"
                        + " if (l[l.length - 1] !== t) l.push(t); } })"
                        + ".observe(document, {subtree: true, childList: true, characterData: true});"));
        return driver;
    }

    static void screenshot(WebDriver browser, String name) throws Exception {
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Paths.get("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    static String text(WebDriver b, String id) {
        return b.findElement(By.id(id)).getText().strip();
    }

    static double number(String s) {
        try {
            return Double.parseDouble(s.replace(",", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static void type(WebDriver b, String id, String value) {
        WebElement e = b.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
        ((JavascriptExecutor) b).executeScript("arguments[0].dispatchEvent(new Event('change'))", e);
    }

    static boolean allChannelsDeliver(JsonNode status) {
        JsonNode list = status.at("/channels/list");
        for (JsonNode c : list) {
            if (c.path("rateHz").asDouble() <= 0) {
                return false;
            }
        }
        return list.size() > 0;
    }

    static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
