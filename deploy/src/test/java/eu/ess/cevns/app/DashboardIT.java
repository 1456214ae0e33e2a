package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import eu.ess.cevns.daq.access.Account;
import eu.ess.cevns.daq.access.AccountsFile;
import eu.ess.cevns.daq.access.PasswordHash;
import eu.ess.cevns.daq.access.Role;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The dashboard as a shift crew and an expert meet it: {@code demo} runs, Debian's Chromium
 * (headless, 1280×800, driven through chromedriver by Selenium) opens the page, waits for live
 * data, checks the shift panel against {@code /api/status} and that its tiles, alarms and charts fit the first
 * screen, then sets
 * a threshold in the expert tab and sees it taken, shown, refused when out of range, and read back
 * from the run's own config-change records; stops the run from the page and sees the shift panel
 * name the "beam on, no run" alarm, then starts the next run. The overall alarm
 * indicator and the verdict on the excess must say what the server says. Any script error on the
 * page (an uncaught exception, a module that fails to load, an error in the browser's console other
 * than the writes the test has refused on purpose) fails the test. The alarms as a shift meets
 * them: a MAJOR alarm (the site's disk limits lie above any disk) shows what to do on the page,
 * sounds once the bell has been clicked and stops when it is acknowledged from the page; "beam on,
 * no run" is acknowledged, refused a shelf without a reason, shelved with one, and after the next
 * run starts taken off the shelf; every act is read back from the run's own records in the change
 * log. Screenshots of both tabs, of the alarm and of the shelved alarm go to {@code target/}.
 */
class DashboardIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    static final String SHIFT_PASSWORD = "night-shift-2026";
    static final String EXPERT_PASSWORD = "daq-expert-2026";

    @Test
    void shiftPanelShowsLiveDataAndTheExpertTabSetsAThresholdThatTheRunRecords(@TempDir Path data, @TempDir Path profile)
            throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
        // a site whose disk limits lie above any real disk, so that a MAJOR alarm (diskLow, a real rule on the
        // real free space) is there from the start for the sound and the acknowledgement to be tried on
        Path site = profile.getParent().resolve("dashboard-site.yaml");
        // two people: Åsa on shift, Erik the DAQ expert (the accounts file as 'cevns-daq user add' writes it, UserCommandTest)
        Path accounts = profile.getParent().resolve("dashboard-accounts.yaml");
        AccountsFile.write(accounts, List.of(new Account("asa", Role.SHIFT, PasswordHash.of(SHIFT_PASSWORD.toCharArray()), List.of()),
                new Account("erik", Role.EXPERT, PasswordHash.of(EXPERT_PASSWORD.toCharArray()), List.of())));
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: " + data + "\n"
                + "alarms: {diskMinorGiB: 1000000000, diskMajorGiB: 1000000000}\n"
                + "accounts: {file: " + accounts + "}\n");
        try (Cli.Background demo = new Cli.Background("demo", "--site", site.toString(), "--data", data.toString(), "--duration", "240",
                "--udp-port", "0", "--tcp-port", "0", "--http-port", "0", "--pva-port", "0")) {
            String http = demo.await(ServeIT.SERVING, 60).group(1);
            demo.await("demo: run 1 started", 60);
            WebDriver browser = chromium(profile);
            try {
                // open the page only once the server itself sees every channel deliver: from then on the
                // page must never have shown NO DATA, not even before it had two samples of its own
                new FluentWait<>(http).withTimeout(Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(200))
                        .withMessage("the demo's channels deliver within 30 s")
                        .until(h -> allChannelsDeliver(get(h + "/api/status")));
                browser.get(http + "/");
                // the page has loaded (get waits for it) with every module: a failed import shows here
                assertEquals(List.of(), pageErrors(browser, List.of()), "errors loading the page");
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
                assertPageAgrees(browser, "overall alarm state", b -> text(b, "overall"), () -> overallText(get(http + "/api/alarms")));
                assertPageAgrees(browser, "verdict on the excess", DashboardIT::verdictShown,
                        () -> verdictExpected(get(http + "/api/status").at("/analysis/verdict")));
                // the shift panel's tiles, alarms and charts fit the first 1280×800 screen; the runs and the logbook are below
                JavascriptExecutor js = (JavascriptExecutor) browser;
                long innerH = ((Number) js.executeScript("return window.innerHeight")).longValue();
                long chartsBottom = ((Number) js.executeScript("return document.querySelector('.charts').getBoundingClientRect().bottom"))
                        .longValue();
                long innerW = ((Number) js.executeScript("return window.innerWidth")).longValue();
                long scrollW = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
                assertEquals(800, innerH, "viewport height");
                assertTrue(chartsBottom <= innerH && scrollW <= innerW, "the first screen overflows: " + scrollW + " wide, charts end at "
                        + chartsBottom);
                // every chart of the shift panel is drawn, the time charts from the server's history over some seconds
                wait.until(b -> b.findElements(By.cssSelector(".charts canvas")).size() >= 6);
                wait.until(b -> shown(b, "chart-excess") >= 2 && points(b, "chart-energy") > 0 && points(b, "chart-time") > 0
                        && shown(b, "chart-rate") >= 5 && shown(b, "chart-beam") >= 5 && shown(b, "chart-alarms") >= 5);
                // the expectation as a band with the excess on it, and the likelihood fit beside the counting excess
                wait.until(b -> b.findElements(By.cssSelector("#excess-band rect.expected")).size() == 1
                        && b.findElements(By.cssSelector("#excess-band rect.excess")).size() == 1
                        && b.findElements(By.cssSelector("#excess-band rect.syst")).size() == 1);
                assertTrue(text(browser, "expected").contains("syst"), "the expectation shows its systematic error: " + text(browser, "expected"));
                assertTrue(text(browser, "expected-parts").matches("\\(CEvNS [0-9.]+ \\+ BRN [0-9.]+\\)"), text(browser, "expected-parts"));
                wait.until(b -> text(b, "fit").startsWith("fit μ = "));
                assertPageAgrees(browser, "the fit's signal strength", b -> text(b, "fit").substring(8, 12),
                        () -> String.format(Locale.ROOT, "%.2f", get(http + "/api/status").at("/analysis/fit/mu").asDouble()));
                screenshot(browser, "dashboard-shift.png");
                assertEquals(List.of(), pageErrors(browser, List.of()), "errors on the shift tab");

                // expert: this run so far, then wrong token refused, out-of-range refused, a good value taken and recorded
                browser.findElement(By.id("tab-expert")).click();
                wait.until(b -> text(b, "reach-radius").matches("Cs133 .* fm .*I127 .* fm.*"));
                assertTrue(text(browser, "reach-nsi").startsWith("ε_ee in ["), text(browser, "reach-nsi"));
                wait.until(b -> b.findElements(By.id("thr-set-3")).size() == 1);
                // not logged in: the page says so and sends nothing
                type(browser, "thr-input-3", "2.5");
                browser.findElement(By.id("thr-set-3")).click();
                confirm(browser, true, "Set the threshold of channel 3 from 1");
                wait.until(b -> text(b, "write-result").startsWith("log in first"));
                // a wrong password is refused; the shift account logs in and may not change a threshold
                logIn(browser, "asa", "not-her-password");
                wait.until(b -> text(b, "login-result").equals("refused (401): wrong user name or password"));
                browser.findElement(By.id("login-cancel")).click();
                logIn(browser, "asa", SHIFT_PASSWORD);
                wait.until(b -> text(b, "account").equals("asa (shift)"));
                browser.findElement(By.id("thr-set-3")).click();
                confirm(browser, true, "Set the threshold of channel 3 from 1");
                wait.until(b -> text(b, "write-result").startsWith("refused (403): this write needs the expert role; asa is a shift"));
                assertEquals("1", text(browser, "thr-current-3").replace(".0", ""), "nothing changed");
                // the expert: a change not confirmed is not sent, an out-of-range one is refused, a good one taken
                logOut(browser);
                logIn(browser, "erik", EXPERT_PASSWORD);
                wait.until(b -> text(b, "account").equals("erik (expert)"));
                type(browser, "thr-input-4", "-1");
                browser.findElement(By.id("thr-set-4")).click();
                confirm(browser, true, "Set the threshold of channel 4");
                wait.until(b -> text(b, "write-result").startsWith("refused (400)"));
                assertTrue(text(browser, "write-result").contains("keVnr"), text(browser, "write-result"));
                browser.findElement(By.id("thr-set-3")).click();
                confirm(browser, false, "Set the threshold of channel 3 from 1");
                browser.findElement(By.id("thr-set-3")).click();
                confirm(browser, true, "Set the threshold of channel 3 from 1");
                wait.until(b -> text(b, "write-result").startsWith("Ch3 threshold set to 2.5 keVnr – recorded as erik"));
                wait.until(b -> text(b, "thr-current-3").equals("2.5"));
                // the change log is read back from the run's own records by the analysis: one change, by the expert
                wait.until(b -> text(b, "change-log").contains(" UTC erik Ch3:Threshold 1.0 -> 2.5"));
                assertFalse(text(browser, "change-log").contains("Ch4:Threshold"), "the refused write left no record");
                assertEquals(1, text(browser, "change-log").split("Ch3:Threshold", -1).length - 1, "the refused and the unconfirmed left none");
                assertEquals(2.5, get(http + "/api/channels/3/threshold").path("keVnr").asDouble());
                assertEquals(1.0, get(http + "/api/channels/4/threshold").path("keVnr").asDouble());
                // the browser reports the refused writes and login, and nothing else
                assertEquals(List.of(), pageErrors(browser, List.of("/api/login - Failed to load resource: the server responded with a status of 401",
                        "/api/channels/3/threshold - Failed to load resource: the server responded with a status of 403",
                        "/api/channels/4/threshold - Failed to load resource: the server responded with a status of 400")),
                        "errors on the expert tab");
                // the shift crew acts on the alarms from here on
                logOut(browser);
                logIn(browser, "asa", SHIFT_PASSWORD);
                wait.until(b -> text(b, "account").equals("asa (shift)"));

                // the MAJOR alarm sounds once the page has been clicked (the bell asks for it), until it is acknowledged
                browser.findElement(By.id("tab-shift")).click();
                WebElement disk = browser.findElement(By.cssSelector("#alarm-list li[data-alarm='diskLow']"));
                assertTrue(disk.getAttribute("class").contains("MAJOR") && disk.getAttribute("class").contains("ACTIVE"),
                        disk.getAttribute("class"));
                assertTrue(disk.findElement(By.cssSelector(".action")).isDisplayed(), "what to do is shown, not hidden in a tooltip");
                assertTrue(disk.findElement(By.cssSelector(".action")).getText().startsWith("What to do: Move finished runs"),
                        disk.findElement(By.cssSelector(".action")).getText());
                assertTrue(disk.getText().contains("GiB free on the data root"), disk.getText());
                browser.findElement(By.id("sound")).click();
                new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(() -> "the bell: " + soundState(browser))
                        .until(b -> soundState(b).startsWith("sounding diskLow, audio playing"));
                assertTrue(text(browser, "sound").contains("1 MAJOR unacknowledged"), text(browser, "sound"));
                disk.findElement(By.cssSelector("button.ack")).click();
                wait.until(b -> text(b, "alarm-result").startsWith("acknowledged diskLow"));
                new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(() -> "the bell after the acknowledgement: " + soundState(browser))
                        .until(b -> soundState(b).startsWith("sounding , audio playing"));
                wait.until(b -> b.findElements(By.cssSelector("#alarm-list li.ACKNOWLEDGED[data-alarm='diskLow']")).size() == 1);
                assertEquals("ACKNOWLEDGED", alarm(get(http + "/api/alarms"), "diskLow").path("state").asText());
                assertEquals("asa", alarm(get(http + "/api/alarms"), "diskLow").at("/acknowledged/who").asText());
                assertPageAgrees(browser, "overall alarm state, all acknowledged", b -> text(b, "overall"),
                        () -> overallText(get(http + "/api/alarms")));
                browser.findElement(By.id("tab-expert")).click();
                // the run's own records, read back by the analysis: the acknowledgement with who and why
                wait.until(b -> text(b, "change-log").contains(" UTC asa acknowledge diskLow"));

                // the oscilloscope shows recent triggers of the chosen channel
                new Select(browser.findElement(By.id("scope-channel"))).selectByValue("3");
                wait.until(b -> text(b, "scope-info").contains("latest triggers of channel 3"));
                wait.until(b -> b.findElements(By.cssSelector("#chart-scope canvas")).size() == 1 && points(b, "chart-scope") > 0);
                wait.until(b -> b.findElements(By.cssSelector("#chart-channel-energy canvas")).size() == 1);
                // the channel's energy and the shape map follow the channel chosen (at the next analysis at the latest)
                wait.until(b -> text(b, "hist-channel").equals("3") && points(b, "chart-channel-energy") > 0);
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
                confirm(browser, false, "Stop run 1?");
                assertEquals("RUNNING", get(http + "/api/status").at("/run/state").asText(), "a stop not confirmed is not sent");
                browser.findElement(By.id("run-stop")).click();
                confirm(browser, true, "Stop run 1?");
                wait.until(b -> text(b, "write-result").startsWith("run 1 stopped"));
                browser.findElement(By.id("tab-shift")).click();
                wait.until(b -> text(b, "run-state").equals("NOT RECORDING"));
                assertEquals("stopped", text(browser, "run-word"));
                WebDriverWait beamWait = new WebDriverWait(browser, Duration.ofSeconds(90));
                beamWait.until(b -> !b.findElements(By.cssSelector("#alarm-list li[data-alarm='noRun']")).isEmpty());
                WebElement noRun = browser.findElement(By.cssSelector("#alarm-list li[data-alarm='noRun']"));
                assertTrue(noRun.getText().contains("Beam on, no run recording"), noRun.getText());
                assertTrue(noRun.getAttribute("class").contains("MINOR"), noRun.getAttribute("class"));
                assertTrue(noRun.findElement(By.cssSelector(".action")).getText().startsWith("What to do: Start a run"),
                        "every alarm shows its action, not only the first");
                assertTrue(text(browser, "overall").contains("ALARM"), text(browser, "overall"));
                assertPageAgrees(browser, "overall alarm state with no run", b -> text(b, "overall"), () -> overallText(get(http + "/api/alarms")));
                assertEquals("STOPPED", get(http + "/api/runs/1").path("state").asText());
                screenshot(browser, "dashboard-alarm.png");

                // acknowledged and shelved from the page: a shelf without a reason is refused, with one it is taken
                noRun.findElement(By.cssSelector("button.ack")).click();
                wait.until(b -> text(b, "alarm-result").startsWith("acknowledged noRun"));
                wait.until(b -> "ACKNOWLEDGED".equals(alarm(get(http + "/api/alarms"), "noRun").path("state").asText()));
                // the page redraws the list at the next status: the row to work with is the acknowledged one
                wait.until(b -> b.findElements(By.cssSelector("#alarm-list li.ACKNOWLEDGED[data-alarm='noRun']")).size() == 1);
                noRun = browser.findElement(By.cssSelector("#alarm-list li[data-alarm='noRun']"));
                assertTrue(noRun.getText().contains("acknowledged by asa"), noRun.getText());
                noRun.findElement(By.cssSelector("button.shelve")).click();
                noRun.findElement(By.cssSelector(".shelve-go")).click();
                wait.until(b -> text(b, "alarm-result").startsWith("refused (400)"));
                assertTrue(text(browser, "alarm-result").contains("[field reason]"), text(browser, "alarm-result"));
                noRun = browser.findElement(By.cssSelector("#alarm-list li[data-alarm='noRun']"));
                new Select(noRun.findElement(By.cssSelector("select.minutes"))).selectByValue("15");
                noRun.findElement(By.cssSelector("input.reason")).sendKeys("machine development, no run wanted");
                noRun.findElement(By.cssSelector(".shelve-go")).click();
                wait.until(b -> text(b, "alarm-result").startsWith("shelved noRun until"));
                wait.until(b -> b.findElements(By.cssSelector("#alarm-list li.SHELVED[data-alarm='noRun']")).size() == 1);
                JsonNode shelf = alarm(get(http + "/api/alarms"), "noRun");
                assertEquals("SHELVED", shelf.path("state").asText());
                assertEquals("machine development, no run wanted", shelf.at("/shelf/reason").asText());
                assertEquals(Duration.ofMinutes(15), Duration.between(java.time.Instant.parse(shelf.at("/shelf/time").asText()),
                        java.time.Instant.parse(shelf.at("/shelf/until").asText())));
                screenshot(browser, "dashboard-shelved.png");

                browser.findElement(By.id("tab-expert")).click();
                browser.findElement(By.id("run-start")).click();
                wait.until(b -> text(b, "write-result").startsWith("run 2 started"));
                // acts made while no run recorded are written at the start of the next: its change log shows them
                wait.until(b -> text(b, "change-log").contains(" UTC asa acknowledge noRun")
                        && text(b, "change-log").contains(" UTC asa shelve noRun until ")
                        && text(b, "change-log").contains(": machine development, no run wanted"));
                browser.findElement(By.id("tab-shift")).click();
                // the run started: the shelved alarm's condition is gone; taken off the shelf, it goes
                wait.until(b -> b.findElement(By.cssSelector("#alarm-list li.SHELVED[data-alarm='noRun']")).getText()
                        .contains("its condition has cleared"));
                browser.findElement(By.cssSelector("#alarm-list li.SHELVED[data-alarm='noRun'] button.unshelve")).click();
                wait.until(b -> text(b, "alarm-result").startsWith("unshelved noRun"));
                wait.until(b -> b.findElements(By.cssSelector("#alarm-list li[data-alarm='noRun']")).isEmpty());
                browser.findElement(By.id("tab-expert")).click();
                wait.until(b -> text(b, "change-log").contains(" UTC asa unshelve noRun"));
                browser.findElement(By.id("tab-shift")).click();
                assertEquals("2", text(browser, "run-number"));
                assertEquals("stopped by the browser test", get(http + "/api/runs/1").path("stopComment").asText(),
                        "the run records the comment typed on the page");
                // the shift crew's logbook entry, under her account
                type(browser, "log-text", "noRun shelved during machine development; run 2 started");
                browser.findElement(By.id("log-add")).click();
                wait.until(b -> text(b, "log-result").startsWith("entry added to run 2 – recorded as asa"));
                wait.until(b -> text(b, "log-entries").contains("noRun shelved during machine development"));
                List<String> entries = new ArrayList<>();
                get(http + "/api/logbook?run=2").path("entries").forEach(e -> entries.add(e.path("who").asText() + ": " + e.path("text").asText()));
                assertTrue(entries.contains("asa: noRun shelved during machine development; run 2 started"), entries.toString());
                // (room for what later parts of issue 12 add to this walk through a shift)
                assertEquals(List.of(), pageErrors(browser, List.of("/api/alarms/noRun/shelve - Failed to load resource: the server responded with a status of 400")),
                        "errors during run control and the alarm acts");
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * A site that closes reads (accounts.readsOpen: false): the page shows only its login, a viewer
     * logs in and the page reloads with the server's data, and after logging out it shows nothing again.
     */
    @Test
    void aServerWithClosedReadsShowsOnlyItsLoginUntilAViewerLogsIn(@TempDir Path data, @TempDir Path profile) throws Exception {
        Path accounts = profile.getParent().resolve("closed-accounts.yaml");
        AccountsFile.write(accounts, List.of(new Account("vera", Role.VIEWER, PasswordHash.of(SHIFT_PASSWORD.toCharArray()), List.of())));
        Path site = profile.getParent().resolve("closed-site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: " + data + "\naccounts: {file: " + accounts + ", readsOpen: false}\n");
        try (Cli.Background serve = new Cli.Background("serve", "--site", site.toString(), "--udp-port", "0", "--tcp-port", "0",
                "--http-port", "0", "--pva-port", "0", "--timing-ioc", Cli.nowhere())) {
            String http = serve.await(ServeIT.SERVING, 60).group(1);
            assertEquals(401, status(http + "/api/status"), "no read without an account");
            WebDriver browser = chromium(profile);
            try {
                browser.get(http + "/");
                // the page reloads itself at login and logout: an element looked up as it goes is asked for again
                WebDriverWait wait = (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(WebDriverException.class);
                wait.until(b -> text(b, "overall").equals("LOG IN TO READ"));
                assertTrue(browser.findElement(By.id("login-form")).isDisplayed(), "the login is open");
                assertEquals("", text(browser, "detector"), "nothing of the server is shown");
                browser.findElement(By.id("login-user")).sendKeys("vera");
                browser.findElement(By.id("login-password")).sendKeys(SHIFT_PASSWORD);
                browser.findElement(By.id("login-go")).click();
                // the page reloads with the data a viewer may read
                wait.until(b -> text(b, "detector").startsWith("· csi-cryogenic"));
                wait.until(b -> text(b, "account").equals("vera (viewer)"));
                wait.until(b -> text(b, "run-state").equals("NOT RECORDING"));
                browser.findElement(By.id("logout")).click();
                wait.until(b -> text(b, "overall").equals("LOG IN TO READ") && text(b, "detector").isEmpty()
                        && text(b, "account").equals("not logged in"));
                assertEquals(List.of(), pageErrors(browser, List.of("/api/status - Failed to load resource: the server responded with a status of 401")),
                        "the page's only errors are the reads refused before the login");
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * A site whose analysis runs in a separate process (analysis.inProcess: false): the excess tile
     * says so and links to analysis.url instead of showing dashes as if nothing had been analysed.
     */
    @Test
    void aServerWhoseAnalysisRunsApartPointsToIt(@TempDir Path data, @TempDir Path profile) throws Exception {
        Path site = profile.getParent().resolve("apart-site.yaml");
        String url = "http://daq-analysis.example:8090/";
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: " + data + "\nanalysis: {inProcess: false, url: '" + url + "'}\n");
        try (Cli.Background serve = new Cli.Background("serve", "--site", site.toString(), "--udp-port", "0", "--tcp-port", "0",
                "--http-port", "0", "--pva-port", "0", "--timing-ioc", Cli.nowhere())) {
            String http = serve.await(ServeIT.SERVING, 60).group(1);
            WebDriver browser = chromium(profile);
            try {
                browser.get(http + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.until(b -> text(b, "excess-verdict").startsWith("analysis runs in a separate process (cevns-daq analyze --follow)"));
                WebElement link = browser.findElement(By.cssSelector("#excess-verdict a"));
                assertEquals(url, link.getAttribute("href"));
                assertEquals("–", text(browser, "excess"), "no number of an analysis this server does not run");
                assertEquals(List.of(), pageErrors(browser, List.of()), "the page runs without errors");
            } finally {
                browser.quit();
            }
        }
    }

    /** Opens the login form (top right) and logs in. */
    static void logIn(WebDriver b, String user, String password) {
        b.findElement(By.id("login-open")).click();
        type(b, "login-user", user);
        type(b, "login-password", password);
        b.findElement(By.id("login-go")).click();
    }

    /** Logs in with the server's write token, recording changes under {@code who}. */
    static void logInWithToken(WebDriver b, String token, String who) {
        b.findElement(By.id("login-open")).click();
        type(b, "login-token", token);
        type(b, "login-who", who);
        b.findElement(By.id("login-token-go")).click();
        new WebDriverWait(b, Duration.ofSeconds(10)).until(x -> text(x, "account").equals(who + " (write token, expert)"));
    }

    static void logOut(WebDriver b) {
        b.findElement(By.id("logout")).click();
        new WebDriverWait(b, Duration.ofSeconds(10)).until(x -> text(x, "account").equals("not logged in"));
    }

    /** The page's confirmation, which must start with {@code question}: accepted or dismissed. */
    static void confirm(WebDriver b, boolean accept, String question) {
        Alert alert = new WebDriverWait(b, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
        assertTrue(alert.getText().startsWith(question), alert.getText());
        if (accept) {
            alert.accept();
        } else {
            alert.dismiss();
        }
    }

    static WebDriver chromium(Path profile) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        // flags this machine's closed network needs (no background calls home), as root in a sandbox
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--hide-scrollbars", "--user-data-dir=" + profile);
        // the page's console, read by pageErrors
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, o);
        // the viewport itself is 1280×800 (a window of that size loses some height to its frame)
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        // every text the data-flow tile shows, from the first paint on (installed before the page's own scripts)
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__daqStates = []; new MutationObserver(() => { const e = document.getElementById('daq-state');"
                        + " if (e) { const t = e.textContent; const l = window.__daqStates;"
                        + " if (l[l.length - 1] !== t) l.push(t); } })"
                        + ".observe(document, {subtree: true, childList: true, characterData: true});"));
        // every uncaught error, rejected promise and script or module that fails to load (a load error
        // does not bubble: it is seen in the capture phase)
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__pageErrors = [];"
                        + " window.addEventListener('error', (e) => window.__pageErrors.push(e.message"
                        + " ? e.message + ' at ' + e.filename + ':' + e.lineno"
                        + " : 'failed to load ' + (e.target && (e.target.src || e.target.href))), true);"
                        + " window.addEventListener('unhandledrejection', (e) => window.__pageErrors.push('unhandled rejection: ' + e.reason));"));
        return driver;
    }

    /**
     * The page's errors since the last call: what the recorder caught, and the console's SEVERE
     * entries except those containing one of {@code expected} (each of which must be there).
     */
    static List<String> pageErrors(WebDriver browser, List<String> expected) {
        List<String> errors = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object> caught = (List<Object>) ((JavascriptExecutor) browser)
                .executeScript("const e = window.__pageErrors.slice(); window.__pageErrors.length = 0; return e;");
        caught.forEach(e -> errors.add("uncaught: " + e));
        List<String> missing = new ArrayList<>(expected);
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() < Level.SEVERE.intValue()) {
                continue;
            }
            String known = expected.stream().filter(x -> e.getMessage().contains(x)).findFirst().orElse(null);
            if (known == null) {
                errors.add("console: " + e.getMessage());
            }
            missing.remove(known);
        }
        missing.forEach(m -> errors.add("expected in the console but not there: " + m));
        return errors;
    }

    /**
     * Waits until what the page shows equals what the server says, reading one and then the
     * other: alarms and the verdict can change between two reads, and the page is up to a second
     * behind. Fails with both texts if they never agree within 15 s.
     */
    static void assertPageAgrees(WebDriver browser, String what, Function<WebDriver, String> page, Supplier<String> server) {
        String[] last = {null, null};
        try {
            new WebDriverWait(browser, Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(250)).until(b -> {
                last[0] = page.apply(b);
                last[1] = server.get();
                return last[0].equals(last[1]);
            });
        } catch (TimeoutException e) {
            fail(what + ": the page shows '" + last[0] + "' while the server says '" + last[1] + "'");
        }
    }

    /** What the header should say for /api/alarms: ALL OK, or N ALARM(S) (worst severity), "– acknowledged" when all are. */
    static String overallText(JsonNode alarms) {
        int count = alarms.path("count").asInt();
        return count == 0 ? "ALL OK" : count + (count > 1 ? " ALARMS" : " ALARM") + " (" + alarms.path("severity").asText() + ")"
                + (alarms.path("unacknowledged").asInt() == 0 ? " – acknowledged" : "");
    }

    /** What the page's alarm sound does: which alarms it sounds for, and the state of its audio. */
    static String soundState(WebDriver b) {
        WebElement body = b.findElement(By.tagName("body"));
        return "sounding " + body.getDomAttribute("data-sounding") + ", audio " + body.getDomAttribute("data-audio")
                + " (bell says '" + text(b, "sound") + "')";
    }

    /** The alarm {@code name} of /api/alarms, listed or shelved (a missing node if neither). */
    static JsonNode alarm(JsonNode alarms, String name) {
        for (String list : new String[] {"active", "shelved"}) {
            for (JsonNode a : alarms.path(list)) {
                if (a.path("name").asText().equals(name)) {
                    return a;
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The excess tile's verdict as shown: its text and its classes (the colour). */
    static String verdictShown(WebDriver b) {
        return text(b, "excess-verdict") + " [" + b.findElement(By.id("excess-verdict")).getDomAttribute("class") + "]";
    }

    /** The server's verdict as the page should show it: dashboard.md gives each level's colour. */
    static String verdictExpected(JsonNode verdict) {
        String colour = switch (verdict.path("level").asText()) {
            case "asExpected" -> " good";
            case "above", "below" -> " warn";
            case "farBelow" -> " bad";
            default -> "";
        };
        return verdict.path("text").asText() + " [verdict" + colour + "]";
    }

    /** How many values of its main series a time chart (from the server's history) has to show (0 before the first). */
    static int shown(WebDriver b, String id) {
        String p = b.findElement(By.id(id)).getDomAttribute("data-shown");
        return p == null ? 0 : Integer.parseInt(p);
    }

    /** How many x values the page last gave the chart in this container (0 before the first). */
    static int points(WebDriver b, String id) {
        String p = b.findElement(By.id(id)).getDomAttribute("data-points");
        return p == null ? 0 : Integer.parseInt(p);
    }

    static void screenshot(WebDriver browser, String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
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

    /** GET as JSON; unchecked, so that waits can poll the server. */
    static JsonNode get(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + url, e);
        }
    }
}
