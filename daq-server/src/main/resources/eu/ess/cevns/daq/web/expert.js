// The expert tab: the writes (thresholds, beam windows, run control), each recorded by the server in the
// run under the account logged in (login.js, writes.js), stopping a run and changing what the detector
// keeps only after a confirmation; and the closer looks (oscilloscope, one channel's energy, pulse shape
// against energy, the run's change log, the alarm history).
import { $ } from "./dom.js";
import { fmt, fmtInt } from "./format.js";
import { live } from "./live.js";
import { centers, plot, stepped } from "./charts.js";
import { write as send } from "./writes.js";

const WINDOW_EDGES = ["onStartUs", "onEndUs", "offStartUs", "offEndUs"];
const thresholdRows = new Map();

/** Installs the tab's controls and timers; call once. */
export function initExpert() {
  // run control: the same calls as 'cevns-daq run start|stop', recorded with the account and comment; a stop asks first
  for (const [id, path] of [["run-start", "/api/run/start"], ["run-stop", "/api/run/stop"]]) {
    $(id).addEventListener("click", () => {
      if (id === "run-stop" && !confirm("Stop run " + (live.status ? live.status.run.number : "") + "? Nothing is recorded until a run starts again.")) return;
      write(path, { comment: $("run-comment").value.trim() },
        (j) => "run " + j.number + (j.state === "RUNNING" ? " started" : " stopped (" + fmtInt(j.waveforms) + " waveforms)"), "POST");
    });
  }
  $("win-apply").addEventListener("click", applyWindows);
  for (const k of WINDOW_EDGES) $("win-" + k).addEventListener("input", (e) => { e.target.dataset.touched = "1"; });
  $("scope-channel").addEventListener("change", () => { refreshScope(); if (live.analysis) renderExpertAnalysis(live.analysis); });
  setInterval(loadAlarmHistory, 5000);
  setInterval(refreshScope, 2000);
  setInterval(loadWindows, 10000);
  loadWindows();
}

/**
 * This run so far, as the server computes it every few seconds (cevns-daq reach --run N gives the plane):
 * the neutron rms radius of each nucleus to ± X fm, and the NSI region's intervals at ε_μμ = 0.
 */
function renderReach(r) {
  if (!r || !r.statistics) { $("reach-radius").textContent = "–"; $("reach-nsi").textContent = "–"; $("reach-stats").textContent = ""; return; }
  $("reach-radius").textContent = r.neutronRadius.map((x) => x.nucleus + " " + fmt(x.rmsFm, 2) + " ± " + fmt(x.sigmaFm, 3) + " fm ("
    + fmt(x.sigmaPercent, 1) + " %)").join(", ");
  const iv = r.nsi.eeIntervalsAtMumuZero;
  $("reach-nsi").textContent = iv.length ? "ε_ee in " + iv.map((i) => "[" + fmt(i[0], 3) + ", " + fmt(i[1], 3) + "]").join(" ∪ ")
    + " at ε_μμ = 0" : "nothing allowed in [−1, 1]";
  $("reach-stats").textContent = "(" + fmt(100 * r.cl, 0) + " % CL, " + r.statistics + ", " + fmt(r.events, 0) + " CEvNS expected)";
}

/** When the tab comes into view: fetch what it polls at once rather than at the next tick. */
export function expertShown() { refreshScope(); loadAlarmHistory(); }

/** The parts of the tab each status message updates. */
export function renderExpertStatus(s) {
  renderThresholdTable(s.channels.list);
  renderRunControl(s.run);
}

// ---------- writes ----------
function write(path, body, done, method) { return send(path, body, done, method, $("write-result")); }

function renderThresholdTable(list) {
  const body = $("thresholds").tBodies[0];
  for (const c of list) {
    let row = thresholdRows.get(c.id);
    if (!row) {
      row = document.createElement("tr");
      row.innerHTML = "<td>" + c.id + '</td><td class="rate"></td><td class="now" id="thr-current-' + c.id + '"></td>' +
        '<td><input id="thr-input-' + c.id + '" type="number" step="0.05" min="0"></td><td><button id="thr-set-' + c.id + '">Set</button></td>';
      body.append(row);
      thresholdRows.set(c.id, row);
      row.querySelector("button").addEventListener("click", () => {
        const v = parseFloat($("thr-input-" + c.id).value);
        if (!confirm("Set the threshold of channel " + c.id + " from " + $("thr-current-" + c.id).textContent + " to "
          + $("thr-input-" + c.id).value + " keVnr? It applies to the open run at once.")) return;
        write("/api/channels/" + c.id + "/threshold", { keVnr: isNaN(v) ? $("thr-input-" + c.id).value : v },
          (j) => "Ch" + j.channel + " threshold set to " + j.keVnr + " keVnr");
      });
      const opt = document.createElement("option"); opt.value = c.id; opt.textContent = c.id; $("scope-channel").append(opt);
    }
    row.querySelector(".rate").textContent = c.rateHz.toFixed(1) + " Hz";
    row.querySelector(".now").textContent = c.thresholdKeVnr;
  }
}

function renderRunControl(run) {
  const running = run.state === "RUNNING";
  $("run-start").disabled = running;
  $("run-stop").disabled = !running;
  $("run-stop").textContent = running ? "Stop run " + run.number : "Stop run";
}

function applyWindows() {
  const body = {};
  for (const k of WINDOW_EDGES) {
    const v = $("win-" + k).value.trim();
    if (v !== "") body[k] = isNaN(Number(v)) ? v : Number(v);
  }
  if (!confirm("Set the beam windows to " + JSON.stringify(body) + "? They apply to the open run at once.")) return;
  write("/api/windows", body, (j) => {
    live.windows = j; showWindows();
    return "windows set: on " + j.onStartUs + "–" + j.onEndUs + " µs, off " + j.offStartUs + "–" + j.offEndUs + " µs";
  });
}

function showWindows() {
  const w = live.windows;
  if (!w) return;
  $("win-current").textContent = "on " + w.onStartUs + "–" + w.onEndUs + " µs, off " + w.offStartUs + "–" + w.offEndUs + " µs";
  // an edge being typed is left alone until it is applied
  for (const k of WINDOW_EDGES) {
    const el = $("win-" + k);
    if (document.activeElement !== el && el.dataset.touched !== "1") el.value = w[k];
  }
}

async function loadWindows() {
  try { live.windows = await (await fetch("/api/windows")).json(); showWindows(); } catch (e) { /* shown as stale */ }
}

// ---------- views ----------
/** The parts of the tab each analysis message updates. */
export function renderExpertAnalysis(a) {
  renderReach(a.reach);
  const log = $("change-log");
  // "2026-12-01T08:34:20.714476328Z who what old -> new" and "… who shelve noRun until T: reason", newest
  // first: shown to the second, in UTC like the clock
  const entries = (a.configChanges || []).concat(a.alarmActs || []).sort();
  log.replaceChildren(...entries.reverse().map((c) => {
    const li = document.createElement("li");
    li.textContent = c.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)\.?\d*Z/, "$1 $2 UTC");
    return li;
  }));
  const ch = $("scope-channel").value;
  $("hist-channel").textContent = ch;
  const per = a.histograms && a.histograms.channelEnergyKeVnr;
  if (per && per[ch]) {
    plot("chart-channel-energy", {
      scales: { x: { time: false } },
      axes: [{ label: "keVnr", size: 30 }, { label: "events / bin", size: 50 }],
      series: [{ label: "keVnr" }, { label: "channel " + ch, stroke: "#1d4ed8", width: 1.5, fill: "rgba(29,78,216,0.1)",
        paths: stepped() }],
    }, [centers(per[ch].length, per.binWidth).map((c) => c - per.binWidth / 2), per[ch]], 150);
  }
  drawShapeMap(a.histograms && a.histograms.shapeVsEnergy);
}

async function loadAlarmHistory() {
  if ($("expert").classList.contains("hidden")) return;
  try {
    const j = await (await fetch("/api/alarms")).json();
    // transitions of the conditions and what people did about them, newest first
    const lines = j.recent.map((t) => ({ time: t.time, text: (t.raised ? "RAISED " + t.severity : "cleared") + " " + t.name + ": " + t.message }))
      .concat((j.acts || []).map((a) => ({ time: a.time, text: a.action.toUpperCase() + " " + a.name + " by " + a.who
        + (a.shelvedUntil ? " until " + a.shelvedUntil.substring(11, 16) + " UTC" : "") + (a.reason ? ": " + a.reason : "") })))
      .sort((x, y) => (x.time < y.time ? 1 : -1));
    $("alarm-history").replaceChildren(...lines.map((l) => {
      const li = document.createElement("li");
      li.textContent = l.time.substring(0, 19).replace("T", " ") + " " + l.text;
      return li;
    }));
  } catch (e) { /* the stale banner says it */ }
}

function drawShapeMap(h) {
  const cv = $("shape-map");
  if (!h || !cv.getContext) return;
  // draw at the size the page gives the canvas, so the map stays inside its box
  if (cv.clientWidth > 0 && cv.width !== cv.clientWidth) cv.width = cv.clientWidth;
  const ctx = cv.getContext("2d"), W = cv.width, H = cv.height;
  const max = Math.max(1, ...h.counts);
  ctx.clearRect(0, 0, W, H);
  const cw = (W - 40) / h.energyBins, chh = (H - 20) / h.shapeBins;
  for (let s = 0; s < h.shapeBins; s++) {
    for (let e = 0; e < h.energyBins; e++) {
      const v = h.counts[s * h.energyBins + e];
      if (!v) continue;
      const f = Math.log(1 + v) / Math.log(1 + max);
      ctx.fillStyle = "rgba(29,78,216," + (0.1 + 0.9 * f).toFixed(2) + ")";
      ctx.fillRect(40 + e * cw, H - 20 - (s + 1) * chh, Math.ceil(cw), Math.ceil(chh));
    }
  }
  ctx.fillStyle = "#374151"; ctx.font = "10px sans-serif";
  ctx.fillText("tail", 0, 10); ctx.fillText("fraction", 0, 22); ctx.fillText("0", 30, H - 20); ctx.fillText("1", 30, 10);
  ctx.fillText("0 keVnr", 40, H - 6); ctx.fillText("50 keVnr", W - 50, H - 6);
}

async function refreshScope() {
  if ($("expert").classList.contains("hidden") || $("scope-pause").checked) return;
  const ch = $("scope-channel").value;
  if (ch === "") return;
  try {
    const j = await (await fetch("/api/waveforms?channel=" + ch + "&count=8")).json();
    drawScope(j);
  } catch (e) { $("scope-info").textContent = "no waveforms: " + e; }
}

function drawScope(j) {
  const traces = j.traces || [];
  const period = (j.samplePeriodNs || 1) / 1000;
  const len = Math.max(0, ...traces.map((t) => t.samples.length));
  const pre = traces.length ? traces[0].preTrigger : 0;
  const x = Array.from({ length: len }, (_, i) => (i - pre) * period);
  const colors = ["#1d4ed8", "#dc2626", "#15803d", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];
  const series = [{ label: "µs" }], data = [x];
  for (let k = 0; k < 8; k++) {
    const t = traces[k];
    series.push({ label: t ? fmt(t.keVnr, 2) + " keVnr" + (t.accepted ? "" : t.pileUp ? " pile-up" : t.saturated ? " sat." : " <thr") : "–",
      stroke: colors[k], width: k === 0 ? 2 : 1 });
    data.push(t ? x.map((_, i) => i < t.samples.length ? t.samples[i] : null) : x.map(() => null));
  }
  const c = plot("chart-scope", { scales: { x: { time: false } }, axes: [{ label: "µs from trigger", size: 30 }, { label: "ADC", size: 50 }],
    series }, data, 230);
  for (let k = 0; k < 8; k++) c.series[k + 1].label = series[k + 1].label;
  $("scope-info").textContent = traces.length ? traces.length + " latest triggers of channel " + j.channel + " (newest bold), run " + j.run
    + "; newest at " + fmt(traces[0].timeSinceT0Us / 1000, 3) + " ms after T0, beam " + traces[0].beamState
    : "no waveforms from channel " + j.channel + " yet in this run";
}
