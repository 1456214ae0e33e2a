// The charts, drawn with uPlot: one chart per container, given new data in place and rebuilt only
// when its series change. uPlot comes from the WebJar as a classic script (a global) loaded before
// the modules; this is the one place that reads it. Each container carries data-points, the
// number of x values it was last given, so a test can wait for a chart that has something to show.
import { $ } from "./dom.js";
import { live } from "./live.js";
import { history } from "./history.js";

const uPlot = window.uPlot;
const charts = {};
const CHART_H = 142;

function chartSize(id, h) {
  const el = $(id);
  return { width: Math.max(200, el.parentElement.clientWidth - 12), height: h };
}

/** Draws data into the container with this id, creating the chart the first time. */
export function plot(id, opts, data, h) {
  const labels = opts.series.map((x) => x.label).join("|");
  const el = $(id);
  el.dataset.points = String(data[0].length);
  if (charts[id] && charts[id].labels === labels) {
    charts[id].setData(data);
    return charts[id];
  }
  if (charts[id]) charts[id].destroy();
  const size = chartSize(id, h);
  charts[id] = new uPlot(Object.assign({ width: size.width, height: size.height, legend: { live: false } }, opts), data, el);
  charts[id].labels = labels;
  return charts[id];
}

/** Fits every visible chart to its box (after a resize or a tab change). */
export function resizeCharts() {
  for (const [id, c] of Object.entries(charts)) {
    const el = $(id);
    if (el && el.offsetParent) c.setSize(chartSize(id, c.height));
  }
}

export function initCharts() { window.addEventListener("resize", resizeCharts); }

/** Bin centres of n bins of width w from zero. */
export function centers(n, w) { return Array.from({ length: n }, (_, i) => (i + 0.5) * w); }

/** Histogram steps, where this uPlot build has them. */
export function stepped() { return uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined; }

/**
 * The time charts all take the server's history over the chosen range (history.js): x is UTC wall-clock
 * time across the whole range, so that a gap (server down, no data) shows as one, and the axis labels
 * follow the range (seconds for 10 minutes, dates for a week).
 */
function timeOpts() {
  const span = () => { const h = history.data; return h ? [h.from, h.to] : [0, 1]; };
  const fmt = (x) => {
    const [a, b] = span(), spanS = b - a;
    return spanS <= 3 * 3600 ? x.substring(11, 19) : spanS <= 2 * 86400 ? x.substring(11, 16) : x.substring(5, 10) + " " + x.substring(11, 16);
  };
  // read at each redraw: the range moves along, and changes when another is chosen
  return { scale: { time: true, range: () => span() },
    axis: { size: 30, space: () => (span()[1] - span()[0] > 2 * 86400 ? 95 : 62),
      values: (u, ticks) => ticks.map((t) => fmt(new Date(t * 1000).toISOString())) } };
}

/** Dots on a time chart's main series while it has few values (a lone bucket between gaps draws no line). */
function sparse(id) {
  return { show: () => Number($(id).dataset.shown || 0) < 60, size: 5 };
}

/** Points of a series that have a value, and the time of the first; what a test waits for. */
function shown(id, t, values) {
  let n = 0, first = null;
  for (let i = 0; i < values.length; i++) if (values[i] != null) { n++; if (first == null) first = t[i]; }
  $(id).dataset.shown = String(n);
  $(id).dataset.first = first == null ? "" : String(first);
  return n;
}

function col(d, name) { return d.series[name] || d.t.map(() => null); }

/** Vertical lines where the run number changes: the excess starts again at each run. */
function runEdges(u, d) {
  const runs = col(d, "runNumber"), ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = "rgba(55,65,81,0.45)"; ctx.setLineDash([3, 3]); ctx.fillStyle = "#374151"; ctx.font = "10px sans-serif";
  let last = null;
  for (let i = 0; i < d.t.length; i++) {
    const r = runs[i];
    if (r == null) continue;
    if (last != null && r !== last) {
      const x = u.valToPos(d.t[i], "x", true);
      ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
      ctx.fillText("run " + r, x + 3, u.bbox.top + 10);
    }
    last = r;
  }
  ctx.restore();
}

/** Shades the plot area bucket by bucket with colour(i) (null: none). */
function shade(u, d, colour) {
  const ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
  ctx.save();
  for (let i = 0; i < d.t.length; i++) {
    const c = colour(i);
    if (!c) continue;
    const x0 = u.valToPos(d.t[i], "x", true), x1 = u.valToPos(d.t[i] + d.stepS, "x", true);
    ctx.fillStyle = c; ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
  }
  ctx.restore();
}

export function renderExcessChart(d) {
  if (!d) return;
  const ex = col(d, "excess"), err = col(d, "excessError"), exp = col(d, "expected"), syst = col(d, "expectedSyst");
  const lo = ex.map((v, i) => v == null || err[i] == null ? null : v - err[i]), hi = ex.map((v, i) => v == null || err[i] == null ? null : v + err[i]);
  const expLo = exp.map((v, i) => v == null ? null : v - (syst[i] || 0)), expHi = exp.map((v, i) => v == null ? null : v + (syst[i] || 0));
  const tm = timeOpts();
  shown("chart-excess", d.t, ex);
  plot("chart-excess", {
    legend: { show: false },
    scales: { x: tm.scale },
    axes: [tm.axis, { label: "events", size: 50 }],
    series: [{ label: "time" },
      { label: "excess", stroke: "#1d4ed8", width: 2, points: sparse("chart-excess") },
      { label: "−1σ", stroke: "rgba(29,78,216,0.25)" },
      { label: "+1σ", stroke: "rgba(29,78,216,0.25)" },
      { label: "expected", stroke: "#15803d", width: 2, dash: [6, 4] },
      { label: "expected −syst", stroke: "rgba(21,128,61,0.3)" },
      { label: "expected +syst", stroke: "rgba(21,128,61,0.3)" }],
    bands: [{ series: [3, 2], fill: "rgba(29,78,216,0.12)" }, { series: [6, 5], fill: "rgba(21,128,61,0.15)" }],
    hooks: { draw: [(u) => runEdges(u, history.data)] },
  }, [d.t, ex, lo, hi, exp, expLo, expHi], CHART_H);
}

export function renderEnergyChart(a) {
  const h = a.histograms && a.histograms.energyKeVnr;
  if (!h) return;
  const alpha = a.alpha || 0;
  const steps = stepped();
  plot("chart-energy", {
    scales: { x: { time: false } },
    axes: [{ label: "recoil energy (keVnr)", size: 34 }, { label: "events / bin", size: 50 }],
    series: [{ label: "keVnr" },
      { label: "on window", stroke: "#dc2626", width: 1.5, paths: steps },
      { label: "α × off window", stroke: "#6b7280", width: 1.5, paths: steps },
      { label: "subtracted", stroke: "#1d4ed8", width: 2, paths: steps, fill: "rgba(29,78,216,0.10)" }],
  }, [centers(h.on.length, h.binWidth).map((c) => c - h.binWidth / 2), h.on, h.off.map((v) => v * alpha), h.subtracted], CHART_H);
}

export function renderTimeChart(a) {
  const h = a.histograms && a.histograms.timeSinceT0Us;
  if (!h) return;
  const x = centers(h.counts.length, h.binWidth / 1000);
  plot("chart-time", {
    scales: { x: { time: false } },
    axes: [{ label: "time since T0 (ms)", size: 34 }, { label: "events / bin", size: 50 }],
    series: [{ label: "ms" }, { label: "accepted events", stroke: "#7c3aed", width: 1.5, paths: stepped() }],
    hooks: { draw: [(u) => shadeWindows(u)] },
  }, [x.map((c) => c - h.binWidth / 2000), h.counts], CHART_H);
}

function shadeWindows(u) {
  const w = live.windows;
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

export function renderRateChart(d) {
  if (!d) return;
  const wf = col(d, "waveformRate"), lost = col(d, "lostPackets"), stored = col(d, "storedRate");
  const tm = timeOpts();
  shown("chart-rate", d.t, wf);
  plot("chart-rate", {
    // both axes start at zero: a dip must look like a dip, and no loss must look like none
    scales: { x: tm.scale, y: { range: (u, min, max) => [0, Math.max(1, (max || 0) * 1.15)] },
      lost: { range: (u, min, max) => [0, Math.max(5, (max || 0) * 1.2)] } },
    axes: [tm.axis, { label: "waveforms/s", size: 50 }, { side: 1, scale: "lost", label: "lost packets/s", size: 40, grid: { show: false } }],
    series: [{ label: "time" }, { label: "received/s", stroke: "#0f766e", width: 1.5, points: sparse("chart-rate") },
      { label: "stored/s", stroke: "#64748b", width: 1, dash: [4, 3] },
      { label: "lost packets/s", stroke: "#b91c1c", width: 1.5, scale: "lost" }],
  }, [d.t, wf, stored, lost], CHART_H);
}

/** Beam power, with the time the beam was off shaded amber and the time its state was unknown (timing lost) grey. */
export function renderBeamChart(d) {
  if (!d) return;
  const power = col(d, "beamPowerMw"), on = col(d, "beamOn"), unknown = col(d, "beamUnknown");
  const tm = timeOpts();
  shown("chart-beam", d.t, power);
  plot("chart-beam", {
    legend: { show: false },
    scales: { x: tm.scale, y: { range: (u, min, max) => [0, Math.max(0.5, (max || 0) * 1.15)] } },
    axes: [tm.axis, { label: "MW", size: 40 }],
    series: [{ label: "time" }, { label: "beam power", stroke: "#7c2d12", width: 1.5, points: sparse("chart-beam") }],
    hooks: { drawClear: [(u) => shade(u, history.data, (i) => {
      const dd = history.data, k = col(dd, "beamUnknown")[i], o = col(dd, "beamOn")[i];
      if (k != null && k >= 0.5) return "rgba(107,114,128,0.35)";
      if (o != null && o < 0.5) return "rgba(217,119,6,0.30)";
      return null;
    })] },
  }, [d.t, power], CHART_H);
  $("chart-beam").dataset.trips = String(on.filter((v, i) => v != null && v < 0.5 && !(unknown[i] >= 0.5)).length);
}

/** Active alarms over the range, the background red where one was MAJOR, amber where the worst was MINOR. */
export function renderAlarmChart(d) {
  if (!d) return;
  const count = col(d, "alarmCount");
  const tm = timeOpts();
  shown("chart-alarms", d.t, count);
  plot("chart-alarms", {
    legend: { show: false },
    scales: { x: tm.scale, y: { range: (u, min, max) => [0, Math.max(3, (max || 0) + 1)] } },
    axes: [tm.axis, { label: "active alarms", size: 40 }],
    series: [{ label: "time" }, { label: "active alarms", stroke: "#111827", width: 1.5, paths: stepped(), points: sparse("chart-alarms") }],
    hooks: { drawClear: [(u) => shade(u, history.data, (i) => {
      const sev = col(history.data, "alarmSeverity")[i];
      return sev == null || sev < 1 ? null : sev >= 2 ? "rgba(185,28,28,0.30)" : "rgba(217,119,6,0.30)";
    })] },
  }, [d.t, count], CHART_H);
}
