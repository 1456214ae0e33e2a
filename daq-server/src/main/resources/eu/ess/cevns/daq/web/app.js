// cevns-daq dashboard: live status over server-sent events (/api/events), charts with uPlot.
// Everything shown comes from the same JSON as /api/status and /api/analysis.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { status: null, analysis: null, prev: null, samples: [], windows: null, charts: {}, lastEventMs: 0,
  thrRows: new Map(), scopeChannel: null, config: null };
const HISTORY_S = 600;

// ---------- formatting ----------
function fmtInt(v) { return v == null ? "–" : Math.round(v).toLocaleString("en-US"); }
function fmt(v, d) { return v == null || !isFinite(v) ? "–" : Number(v).toFixed(d); }
function fmtBytes(b) {
  if (b == null || b < 0) return "–";
  const u = ["B", "KiB", "MiB", "GiB", "TiB"]; let i = 0;
  while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
  return b.toFixed(i ? 1 : 0) + " " + u[i];
}
function fmtSci(v) { return v == null || !isFinite(v) || v === 0 ? (v === 0 ? "0" : "–") : v.toExponential(2).replace("e+", "×10^"); }
function fmtDuration(s) {
  if (!(s >= 0)) return "";
  const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), x = Math.floor(s % 60);
  return (h ? h + " h " : "") + (h || m ? m + " min " : "") + x + " s";
}
function setClass(el, base, cls) { el.className = base + (cls ? " " + cls : ""); }

// ---------- tabs ----------
for (const b of document.querySelectorAll(".tab")) {
  b.addEventListener("click", () => showTab(b.dataset.tab));
}
function showTab(name) {
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("active", b.dataset.tab === name);
  $("shift").classList.toggle("hidden", name !== "shift");
  $("expert").classList.toggle("hidden", name !== "expert");
  location.hash = name;
  resizeCharts();
  if (name === "expert") { refreshScope(); loadAlarmHistory(); }
}

// ---------- live data ----------
function connect() {
  const es = new EventSource("/api/events");
  es.addEventListener("status", (e) => onStatus(JSON.parse(e.data)));
  es.addEventListener("analysis", (e) => onAnalysis(JSON.parse(e.data)));
  es.onerror = () => { /* EventSource reconnects by itself; the stale banner tells the user */ };
}
function tickClock() {
  const age = (Date.now() - state.lastEventMs) / 1000;
  $("clock").textContent = new Date().toISOString().replace("T", " ").substring(0, 19) + " UTC";
  $("updated").textContent = state.lastEventMs ? "updated " + age.toFixed(0) + " s ago" : "no data yet";
  const stale = state.lastEventMs === 0 ? age > 5 && performance.now() > 5000 : age > 5;
  $("stale").classList.toggle("hidden", !stale);
  if (stale) { $("overall").textContent = "NO LIVE DATA"; setClass($("overall"), "overall", "unknown"); }
}
setInterval(tickClock, 1000);

function onStatus(s) {
  state.lastEventMs = Date.now();
  const t = Date.parse(s.time) / 1000;
  state.samples.push({ t, waveforms: s.readout.waveforms, packets: s.readout.packets, lost: s.readout.lostPackets,
    rejected: s.readout.rejected.total });
  while (state.samples.length > 2 && state.samples[0].t < t - HISTORY_S) state.samples.shift();
  state.prev = state.status;
  state.status = s;
  renderRun(s); renderDaq(s); renderBeam(s); renderExcess(s.analysis); renderAlarms(s.alarms); renderChannels(s.channels.list);
  renderRateChart();
  renderThresholdTable(s.channels.list);
  renderRunControl(s.run);
  tickClock();
}

function onAnalysis(a) {
  state.analysis = a;
  renderExcessChart(a); renderEnergyChart(a); renderTimeChart(a); renderExpertAnalysis(a);
}

// ---------- shift panel ----------
function rate(key) {
  const n = state.samples.length;
  if (n < 2) return null;
  const a = state.samples[Math.max(0, n - 6)], b = state.samples[n - 1];
  return b.t > a.t ? (b[key] - a[key]) / (b.t - a.t) : null;
}
function lastMinute(key) {
  const n = state.samples.length;
  if (n < 2) return 0;
  const b = state.samples[n - 1];
  let a = state.samples[0];
  for (const x of state.samples) { if (x.t >= b.t - 60) { a = x; break; } }
  return Math.max(0, b[key] - a[key]);
}

// the site's alarm limit, so the strip turns red exactly when the noData alarm does
function silentLimitS() { return state.config && state.config.alarms ? state.config.alarms.noDataS : 10; }

function renderRun(s) {
  const running = s.run.state === "RUNNING";
  const el = $("run-state");
  el.textContent = running ? "RECORDING" : "NOT RECORDING";
  setClass(el, "big", running ? "good" : "warn");
  setClass($("tile-run"), "tile", running ? "good" : "warn");
  $("run-number").textContent = s.run.number == null ? "none yet" : s.run.number;
  $("run-word").textContent = running || s.run.number == null ? "" : s.run.state.toLowerCase();
  const start = s.run.start ? Date.parse(s.run.start) : null;
  const end = s.run.stop ? Date.parse(s.run.stop) : Date.parse(s.time);
  $("run-duration").textContent = start ? (running ? "running for " : "lasted ") + fmtDuration((end - start) / 1000) : "";
  $("store-waveforms").textContent = fmtInt(s.store.waveforms);
  $("store-bytes").textContent = fmtBytes(s.store.bytes);
  $("disk-free").textContent = fmtBytes(s.alarms.diskFreeBytes);
}

function renderDaq(s) {
  // until the page has two samples of its own, the server's per-channel rates (over 5 s) say whether data flow
  const serverWf = s.channels.list.length ? s.channels.list.reduce((sum, c) => sum + c.rateHz, 0) : null;
  const own = rate("waveforms"), wf = own != null ? own : serverWf, pk = rate("packets");
  $("waveform-rate").textContent = fmt(wf, 0);
  $("packet-rate").textContent = fmt(pk, 0);
  const lost = lastMinute("lost"), rej = lastMinute("rejected");
  $("lost-packets").textContent = fmtInt(s.readout.lostPackets) + (lost ? " (+" + lost + " in last min)" : "");
  $("rejected-packets").textContent = fmtInt(s.readout.rejected.total) + (rej ? " (+" + rej + " in last min)" : "");
  const list = s.channels.list, silent = list.filter((c) => c.silentS >= silentLimitS()).length;
  $("channels-ok").textContent = (list.length - silent) + " of " + list.length;
  const flowing = wf != null && wf > 0;
  const bad = !flowing && s.run.state === "RUNNING";
  const el = $("daq-state");
  el.textContent = !flowing ? "NO DATA" : silent ? silent + " CHANNEL" + (silent > 1 ? "S" : "") + " SILENT"
    : lost ? "FLOWING, LOSING PACKETS" : "FLOWING";
  const cls = bad || silent ? "bad" : !flowing || lost || rej ? "warn" : "good";
  setClass(el, "big", cls);
  setClass($("tile-daq"), "tile", cls);
}

function renderBeam(s) {
  const b = s.beam, el = $("beam-state");
  const connected = b.timing === "CONNECTED";
  el.textContent = "BEAM " + b.state;
  const cls = b.state === "ON" ? "good" : b.state === "OFF" ? "idle" : "bad";
  setClass(el, "big", cls);
  setClass($("tile-beam"), "tile", !connected || b.state === "UNKNOWN" ? "bad" : b.state === "ON" ? "good" : "warn");
  $("beam-power").textContent = b.powerMw != null && isFinite(b.powerMw) ? b.powerMw.toFixed(2) + " MW" + (b.mode ? " " + b.mode : "") : "power –";
  $("timing").textContent = connected ? "CONNECTED" : "LOST";
  $("timing").style.color = connected ? "" : "#b91c1c";
  $("pulses-on").textContent = fmtInt(b.pulses.on);
  $("pulses-off").textContent = fmtInt(b.pulses.off);
  $("pulses-unknown").textContent = fmtInt(b.pulses.unknown);
  $("pot").textContent = fmtSci(b.potOn);
}

function renderExcess(a) {
  if (!a || a.excess == null) {
    $("excess").textContent = "–";
    $("excess-sigma").textContent = "";
    $("expected").textContent = a && a.expected != null ? fmt(a.expected, 1) : "–";
    $("excess-verdict").textContent = "waiting for beam-on and beam-off data";
    setClass($("excess-verdict"), "verdict", "");
    setClass($("tile-excess"), "tile", "");
    return;
  }
  $("excess").textContent = fmt(a.excess, 1) + " ± " + fmt(a.excessError, 1);
  $("excess-sigma").textContent = a.significance != null ? "(" + fmt(a.significance, 1) + "σ)" : "";
  $("expected").textContent = fmt(a.expected, 1) + " events";
  $("on-counts").textContent = fmtInt(a.onCounts);
  $("off-counts").textContent = fmtInt(a.offCounts);
  $("alpha").textContent = fmt(a.alpha, 3);
  $("lag").textContent = a.lagMs == null ? "–" : fmt(a.lagMs / 1000, 1) + " s";
  let verdict = "too few events yet to compare", cls = "";
  if (a.expected >= 5 && a.excessError > 0) {
    const pull = (a.excess - a.expected) / a.excessError;
    const ratio = a.excess / a.expected, ratioErr = a.excessError / a.expected;
    const r = " (" + fmt(ratio, 2) + " ± " + fmt(ratioErr, 2) + " of expected)";
    if (Math.abs(pull) <= 2) { verdict = "growing as expected" + r; cls = "good"; }
    else if (pull < -3) { verdict = "FAR BELOW expectation" + r; cls = "bad"; }
    else if (pull < 0) { verdict = "below expectation" + r; cls = "warn"; }
    else { verdict = "above expectation" + r; cls = "warn"; }
  }
  $("excess-verdict").textContent = verdict;
  setClass($("excess-verdict"), "verdict", cls);
  setClass($("tile-excess"), "tile", cls);
}

function renderAlarms(al) {
  const o = $("overall");
  o.textContent = al.count === 0 ? "ALL OK" : al.count + " ALARM" + (al.count > 1 ? "S" : "") + " (" + al.severity + ")";
  setClass(o, "overall", al.count === 0 ? "ok" : al.severity.toLowerCase());
  $("alarm-count").textContent = al.count ? "(" + al.count + " active, most severe first)" : "";
  const ul = $("alarm-list");
  ul.replaceChildren();
  if (al.count === 0) {
    const li = document.createElement("li"); li.className = "ok"; li.textContent = "No active alarms"; ul.append(li);
    return;
  }
  // the worst alarm with what to do; the others one line each, so that every alarm is named on one screen
  const MAX_LINES = 4;
  const shown = al.active.length > MAX_LINES ? al.active.slice(0, MAX_LINES - 1) : al.active;
  shown.forEach((a, i) => {
    const li = document.createElement("li");
    li.className = a.severity + (i === 0 ? " first" : " line");
    li.dataset.alarm = a.name;
    li.innerHTML = '<span class="sev"></span><span class="title"></span> – <span class="msg"></span>';
    li.querySelector(".sev").textContent = a.severity;
    li.querySelector(".title").textContent = a.title;
    li.querySelector(".msg").textContent = a.message + " (since " + a.since.substring(11, 19) + " UTC)";
    li.title = "What to do: " + a.action;
    if (i === 0) {
      const act = document.createElement("div"); act.className = "action"; act.textContent = "What to do: " + a.action; li.append(act);
    }
    ul.append(li);
  });
  if (al.active.length > shown.length) {
    const rest = al.active.slice(shown.length);
    const li = document.createElement("li");
    li.className = rest[0].severity + " line";
    li.textContent = "+" + rest.length + " more: " + rest.map((a) => a.severity + " " + a.title).join(" · ");
    ul.append(li);
  }
}

function renderChannels(list) {
  const strip = $("channel-strip");
  if (strip.children.length !== list.length) {
    strip.replaceChildren(...list.map((c) => { const d = document.createElement("div"); d.id = "chan-" + c.id; return d; }));
  }
  for (const c of list) {
    const d = $("chan-" + c.id);
    const silent = c.silentS >= silentLimitS();
    d.className = "chan" + (silent ? " silent" : "");
    d.title = "channel " + c.id + " (" + c.digitizer + "): " + c.waveforms + " waveforms, threshold " + c.thresholdKeVnr + " keVnr";
    d.innerHTML = silent ? "Ch" + c.id + " · " + Math.round(c.silentS) + " s<b>SILENT</b>" : "Ch" + c.id + "<b>" + c.rateHz.toFixed(1) + " Hz</b>";
  }
}

// ---------- charts ----------
function chartSize(id, h) {
  const el = $(id);
  return { width: Math.max(200, el.parentElement.clientWidth - 12), height: h };
}
function plot(id, opts, data, h) {
  const labels = opts.series.map((x) => x.label).join("|");
  if (state.charts[id] && state.charts[id].labels === labels) {
    state.charts[id].setData(data);
    return state.charts[id];
  }
  if (state.charts[id]) state.charts[id].destroy();
  const size = chartSize(id, h);
  state.charts[id] = new uPlot(Object.assign({ width: size.width, height: size.height, legend: { live: false } }, opts), data, $(id));
  state.charts[id].labels = labels;
  return state.charts[id];
}
function resizeCharts() {
  for (const [id, c] of Object.entries(state.charts)) {
    const el = $(id);
    if (el && el.offsetParent) c.setSize(chartSize(id, c.height));
  }
}
window.addEventListener("resize", resizeCharts);

const CHART_H = 154;
function renderExcessChart(a) {
  // at zero exposure both are zero: the curves start at the origin
  const hist = [{ pulses: 0, excess: 0, excessError: 0, expected: 0 }].concat(a.history || []);
  if (a.excess != null) {
    hist.push({ pulses: a.pulsesOn + a.pulsesOff + a.pulsesUnknown, excess: a.excess, excessError: a.excessError, expected: a.expected });
  }
  const x = hist.map((p) => p.pulses / 14 / 60);
  const ex = hist.map((p) => p.excess), lo = hist.map((p) => p.excess == null ? null : p.excess - p.excessError),
    hi = hist.map((p) => p.excess == null ? null : p.excess + p.excessError), exp = hist.map((p) => p.expected);
  plot("chart-excess", {
    legend: { show: false },
    scales: { x: { time: false } },
    axes: [{ label: "beam time (minutes of pulses)", size: 34 }, { label: "events", size: 50 }],
    series: [{ label: "min" },
      { label: "excess", stroke: "#1d4ed8", width: 2, points: { show: true, size: 4 } },
      { label: "−1σ", stroke: "rgba(29,78,216,0.25)", show: true },
      { label: "+1σ", stroke: "rgba(29,78,216,0.25)" },
      { label: "SM expected", stroke: "#15803d", width: 2, dash: [6, 4] }],
    bands: [{ series: [3, 2], fill: "rgba(29,78,216,0.12)" }],
  }, [x, ex, lo, hi, exp], CHART_H);
}

function centers(n, w) { return Array.from({ length: n }, (_, i) => (i + 0.5) * w); }
function renderEnergyChart(a) {
  const h = a.histograms && a.histograms.energyKeVnr;
  if (!h) return;
  const alpha = a.alpha || 0;
  const steps = uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined;
  plot("chart-energy", {
    scales: { x: { time: false } },
    axes: [{ label: "recoil energy (keVnr)", size: 34 }, { label: "events / bin", size: 50 }],
    series: [{ label: "keVnr" },
      { label: "on window", stroke: "#dc2626", width: 1.5, paths: steps },
      { label: "α × off window", stroke: "#6b7280", width: 1.5, paths: steps },
      { label: "subtracted", stroke: "#1d4ed8", width: 2, paths: steps, fill: "rgba(29,78,216,0.10)" }],
  }, [centers(h.on.length, h.binWidth).map((c) => c - h.binWidth / 2), h.on, h.off.map((v) => v * alpha), h.subtracted], CHART_H);
}

function renderTimeChart(a) {
  const h = a.histograms && a.histograms.timeSinceT0Us;
  if (!h) return;
  const x = centers(h.counts.length, h.binWidth / 1000);
  const steps = uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined;
  plot("chart-time", {
    scales: { x: { time: false } },
    axes: [{ label: "time since T0 (ms)", size: 34 }, { label: "events / bin", size: 50 }],
    series: [{ label: "ms" }, { label: "accepted events", stroke: "#7c3aed", width: 1.5, paths: steps }],
    hooks: { draw: [(u) => shadeWindows(u)] },
  }, [x.map((c) => c - h.binWidth / 2000), h.counts], CHART_H);
}
function shadeWindows(u) {
  const w = state.windows;
  if (!w) return;
  const ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
  const band = (s, e, color) => {
    const x0 = u.valToPos(s / 1000, "x", true), x1 = u.valToPos(e / 1000, "x", true);
    ctx.fillStyle = color; ctx.fillRect(x0, top, Math.max(2, x1 - x0), height);
  };
  ctx.save();
  band(w.onStartUs, w.onEndUs, "rgba(220,38,38,0.18)");
  band(w.offStartUs, w.offEndUs, "rgba(107,114,128,0.22)");
  ctx.restore();
}

function renderRateChart() {
  const s = state.samples;
  if (s.length < 3) { $("chart-rate").textContent = "collecting the first seconds of rates…"; return; }
  if (!state.charts["chart-rate"]) $("chart-rate").textContent = "";
  const x = [], wf = [], lost = [];
  for (let i = 1; i < s.length; i++) {
    const dt = s[i].t - s[i - 1].t;
    if (dt <= 0) continue;
    x.push(s[i].t); wf.push((s[i].waveforms - s[i - 1].waveforms) / dt); lost.push(s[i].lost - s[i - 1].lost);
  }
  plot("chart-rate", {
    // both axes start at zero: a dip must look like a dip, and no loss must look like none
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.15)] },
      lost: { range: (u, min, max) => [0, Math.max(5, max * 1.2)] } },
    axes: [{ size: 34, space: 70, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600], values: (u, ticks) => ticks.map((t) => new Date(t * 1000).toISOString().substring(11, 19)) },
      { label: "waveforms/s", size: 50 }, { side: 1, scale: "lost", label: "lost packets", size: 40, grid: { show: false } }],
    series: [{ label: "time" }, { label: "waveforms/s", stroke: "#0f766e", width: 1.5 },
      { label: "lost packets/s", stroke: "#b91c1c", width: 1.5, scale: "lost" }],
  }, [x, wf, lost], CHART_H);
}

// ---------- expert tab ----------
function token() { return $("token").value.trim(); }
function who() { return $("who").value.trim() || "dashboard"; }
for (const id of ["token", "who"]) {
  const k = "cevns-daq." + id;
  $(id).value = sessionStorage.getItem(k) || "";
  $(id).addEventListener("change", () => sessionStorage.setItem(k, $(id).value));
}
function showResult(ok, text) {
  const r = $("write-result");
  r.textContent = text;
  setClass(r, "result", ok ? "ok" : "err");
}
async function write(path, body, done, method) {
  if (!token()) { showResult(false, "enter the write token first (the server's data/token file)"); return; }
  try {
    const res = await fetch(path, { method: method || "PUT", headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token() },
      body: JSON.stringify(Object.assign({ who: who() }, body)) });
    const j = await res.json();
    if (!res.ok) { showResult(false, "refused (" + res.status + "): " + j.error + (j.field ? " [field " + j.field + "]" : "")); return; }
    showResult(true, done(j) + " – recorded as " + who() + " at " + new Date().toISOString().substring(11, 19) + " UTC");
  } catch (e) { showResult(false, "write failed: " + e); }
}

function renderThresholdTable(list) {
  const body = $("thresholds").tBodies[0];
  for (const c of list) {
    let row = state.thrRows.get(c.id);
    if (!row) {
      row = document.createElement("tr");
      row.innerHTML = "<td>" + c.id + '</td><td class="rate"></td><td class="now" id="thr-current-' + c.id + '"></td>' +
        '<td><input id="thr-input-' + c.id + '" type="number" step="0.05" min="0"></td><td><button id="thr-set-' + c.id + '">Set</button></td>';
      body.append(row);
      state.thrRows.set(c.id, row);
      row.querySelector("button").addEventListener("click", () => {
        const v = parseFloat($("thr-input-" + c.id).value);
        write("/api/channels/" + c.id + "/threshold", { keVnr: isNaN(v) ? $("thr-input-" + c.id).value : v },
          (j) => "Ch" + j.channel + " threshold set to " + j.keVnr + " keVnr");
      });
      const opt = document.createElement("option"); opt.value = c.id; opt.textContent = c.id; $("scope-channel").append(opt);
    }
    row.querySelector(".rate").textContent = c.rateHz.toFixed(1) + " Hz";
    row.querySelector(".now").textContent = c.thresholdKeVnr;
  }
}

// run control: the same calls as 'cevns-daq run start|stop', recorded with the name and comment
function renderRunControl(run) {
  const running = run.state === "RUNNING";
  $("run-start").disabled = running;
  $("run-stop").disabled = !running;
  $("run-stop").textContent = running ? "Stop run " + run.number : "Stop run";
}
for (const [id, path] of [["run-start", "/api/run/start"], ["run-stop", "/api/run/stop"]]) {
  $(id).addEventListener("click", () => write(path, { comment: $("run-comment").value.trim() },
    (j) => "run " + j.number + (j.state === "RUNNING" ? " started" : " stopped (" + fmtInt(j.waveforms) + " waveforms)"), "POST"));
}

$("win-apply").addEventListener("click", () => {
  const body = {};
  for (const k of ["onStartUs", "onEndUs", "offStartUs", "offEndUs"]) {
    const v = $("win-" + k).value.trim();
    if (v !== "") body[k] = isNaN(Number(v)) ? v : Number(v);
  }
  write("/api/windows", body, (j) => { state.windows = j; showWindows(); return "windows set: on " + j.onStartUs + "–" + j.onEndUs + " µs, off " + j.offStartUs + "–" + j.offEndUs + " µs"; });
});
function showWindows() {
  const w = state.windows;
  if (!w) return;
  $("win-current").textContent = "on " + w.onStartUs + "–" + w.onEndUs + " µs, off " + w.offStartUs + "–" + w.offEndUs + " µs";
  for (const k of ["onStartUs", "onEndUs", "offStartUs", "offEndUs"]) {
    const el = $("win-" + k);
    if (document.activeElement !== el && el.dataset.touched !== "1") el.value = w[k];
  }
}
for (const k of ["onStartUs", "onEndUs", "offStartUs", "offEndUs"]) $("win-" + k).addEventListener("input", (e) => { e.target.dataset.touched = "1"; });
async function loadWindows() {
  try { state.windows = await (await fetch("/api/windows")).json(); showWindows(); } catch (e) { /* shown as stale */ }
}

function renderExpertAnalysis(a) {
  const log = $("change-log");
  // "2026-12-01T08:34:20.714476328Z who what old -> new": shown to the second, in UTC like the clock
  log.replaceChildren(...(a.configChanges || []).slice().reverse().map((c) => {
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
        paths: uPlot.paths.stepped({ align: 1 }) }],
    }, [centers(per[ch].length, per.binWidth).map((c) => c - per.binWidth / 2), per[ch]], 150);
  }
  drawShapeMap(a.histograms && a.histograms.shapeVsEnergy);
}

async function loadAlarmHistory() {
  if ($("expert").classList.contains("hidden")) return;
  try {
    const j = await (await fetch("/api/alarms")).json();
    $("alarm-history").replaceChildren(...j.recent.map((t) => {
      const li = document.createElement("li");
      li.textContent = t.time.substring(0, 19).replace("T", " ") + " " + (t.raised ? "RAISED " + t.severity : "cleared") + " " + t.name
        + ": " + t.message;
      return li;
    }));
  } catch (e) { /* the stale banner says it */ }
}
setInterval(loadAlarmHistory, 5000);

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
  $("scope-traces-count") && ($("scope-traces-count").textContent = traces.length);
}
$("scope-channel").addEventListener("change", () => { refreshScope(); if (state.analysis) renderExpertAnalysis(state.analysis); });
setInterval(refreshScope, 2000);
setInterval(loadWindows, 10000);

// ---------- start ----------
fetch("/api/config").then((r) => r.json()).then((c) => {
  state.config = c;
  $("detector").textContent = "· " + c.detector.name + " · " + c.detector.massKg + " kg at " + c.detector.distanceM + " m";
  document.title = "cevns-daq · " + c.detector.name;
}).catch(() => {});
loadWindows();
connect();
showTab(location.hash === "#expert" ? "expert" : "shift");
