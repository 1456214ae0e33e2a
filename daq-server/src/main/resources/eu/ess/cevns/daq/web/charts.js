// The charts, drawn with uPlot: one chart per container, given new data in place and rebuilt only
// when its series change. uPlot comes from the WebJar as a classic script (a global) loaded before
// the modules; this is the one place that reads it. Each container carries data-points, the
// number of x values it was last given, so a test can wait for a chart that has something to show.
import { $ } from "./dom.js";
import { live, pulseRateHz } from "./live.js";

const uPlot = window.uPlot;
const charts = {};
const CHART_H = 154;

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

export function renderExcessChart(a) {
  // beam time in minutes of pulses at the rate the server counts them
  const rateHz = pulseRateHz();
  if (!rateHz) return;
  // at zero exposure both are zero: the curves start at the origin
  const hist = [{ pulses: 0, excess: 0, excessError: 0, expected: 0 }].concat(a.history || []);
  if (a.excess != null) {
    hist.push({ pulses: a.pulsesOn + a.pulsesOff + a.pulsesUnknown, excess: a.excess, excessError: a.excessError, expected: a.expected });
  }
  const x = hist.map((p) => p.pulses / rateHz / 60);
  const ex = hist.map((p) => p.excess), lo = hist.map((p) => p.excess == null ? null : p.excess - p.excessError),
    hi = hist.map((p) => p.excess == null ? null : p.excess + p.excessError), exp = hist.map((p) => p.expected);
  // the systematic error is a fixed fraction of the expectation while thresholds and windows stay: the run's
  // present fraction draws the band along the history
  const rel = a.expected > 0 && a.expectedSyst != null ? a.expectedSyst / a.expected : 0;
  const expLo = exp.map((v) => v == null ? null : v * (1 - rel)), expHi = exp.map((v) => v == null ? null : v * (1 + rel));
  plot("chart-excess", {
    legend: { show: false },
    scales: { x: { time: false } },
    axes: [{ label: "beam time (minutes of pulses)", size: 34 }, { label: "events", size: 50 }],
    series: [{ label: "min" },
      { label: "excess", stroke: "#1d4ed8", width: 2, points: { show: true, size: 4 } },
      { label: "−1σ", stroke: "rgba(29,78,216,0.25)", show: true },
      { label: "+1σ", stroke: "rgba(29,78,216,0.25)" },
      { label: "expected", stroke: "#15803d", width: 2, dash: [6, 4] },
      { label: "expected −syst", stroke: "rgba(21,128,61,0.3)" },
      { label: "expected +syst", stroke: "rgba(21,128,61,0.3)" }],
    bands: [{ series: [3, 2], fill: "rgba(29,78,216,0.12)" }, { series: [6, 5], fill: "rgba(21,128,61,0.15)" }],
  }, [x, ex, lo, hi, exp, expLo, expHi], CHART_H);
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

export function renderRateChart() {
  const s = live.samples;
  if (s.length < 3) { $("chart-rate").textContent = "collecting the first seconds of rates…"; return; }
  if (!charts["chart-rate"]) $("chart-rate").textContent = "";
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
