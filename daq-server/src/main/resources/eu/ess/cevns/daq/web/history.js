// The server's status history for the time charts: /api/history over the chosen range (10 min, 1 h, 12 h,
// 7 d, or this run), loaded when the page opens or the range changes, then topped up with the newest
// buckets as the status arrives, so that a reload, a shift change or a browser that was closed all
// night shows the same past. The history is the server's (fixed-size files in its data root); the page
// keeps only the range it shows. Everything that draws a time chart reads history.data.
import { $ } from "./dom.js";
import { live } from "./live.js";

/** The ranges offered, in seconds; "run" is from the current (or last) run's start. */
export const RANGES = { "10m": 600, "1h": 3600, "12h": 43200, "7d": 604800, "run": null };
const LABELS = { "10m": "10 min", "1h": "1 h", "12h": "12 h", "7d": "7 d", "run": "this run" };
const STORE_KEY = "cevns-daq.range";
const MAX_POINTS = 1000;

/** data: { t: [...], series: {name: [...]}, stepS, from, to } once loaded; error: why not, if it failed. */
export const history = { range: "1h", data: null, error: null, loading: false, lastFetchMs: 0 };
const listeners = [];

/** Installs the range buttons; calls onChange() whenever the data change. */
export function initHistory(onChange) {
  listeners.push(onChange);
  const saved = localStorage.getItem(STORE_KEY);
  if (saved && saved in RANGES) history.range = saved;
  const bar = $("range-buttons");
  for (const key of Object.keys(RANGES)) {
    const b = document.createElement("button");
    b.id = "range-" + key; b.className = "range"; b.textContent = LABELS[key]; b.dataset.range = key;
    b.addEventListener("click", () => chooseRange(key));
    bar.append(b);
  }
  markRange();
}

function markRange() {
  for (const b of document.querySelectorAll("#range-buttons .range")) b.classList.toggle("active", b.dataset.range === history.range);
}

export function chooseRange(key) {
  history.range = key;
  localStorage.setItem(STORE_KEY, key);
  markRange();
  history.data = null;
  load();
}

/** The range now as [from, to], epoch seconds; null for "this run" before the page knows a run. */
export function currentSpan() {
  const now = Math.floor(Date.now() / 1000);
  const span = RANGES[history.range];
  if (span != null) return [now - span, now];
  const r = live.status && live.status.run;
  if (!r || !r.start) return null;
  const to = r.stop ? Math.ceil(Date.parse(r.stop) / 1000) + 5 : now;
  return [Math.floor(Date.parse(r.start) / 1000) - 5, to];
}

async function fetchRange(from, to, stepS) {
  const res = await fetch("/api/history?from=" + from + "&to=" + to + "&maxPoints=" + MAX_POINTS + (stepS ? "&stepS=" + stepS : ""));
  const j = await res.json();
  if (!res.ok) throw new Error(j.error || res.status);
  return j;
}

/** Runs one fetch of the history (nothing else fetches meanwhile), keeps its error, and tells the charts. */
async function fetching(work) {
  history.loading = true;
  try {
    await work();
    history.error = null;
  } catch (e) {
    history.error = "history: " + e.message;
  } finally {
    history.loading = false;
    history.lastFetchMs = Date.now();
  }
  notify();
}

/** Loads the whole range afresh. */
export async function load() {
  const span = currentSpan();
  if (!span) { history.error = "no run yet"; notify(); return; }
  await fetching(async () => {
    const j = await fetchRange(span[0], span[1]);
    history.data = { t: j.t, series: j.series, stepS: j.stepS, from: span[0], to: span[1], oldest: j.oldest };
  });
}

/**
 * Called with each status: tops the range up with the buckets since the last fetch (the last one again, it
 * was still filling), at most once per bucket width, and slides a relative range's start along.
 */
export async function refresh() {
  const d = history.data;
  if (history.loading) return;
  if (!d) { if (Date.now() - history.lastFetchMs > 5000) load(); return; }
  const span = currentSpan();
  if (!span) return;
  if (span[0] !== d.from && RANGES[history.range] == null) { load(); return; } // a new run: a new range
  if (Date.now() - history.lastFetchMs < Math.max(1, d.stepS) * 1000) return;
  let again = false;
  await fetching(async () => {
    const since = d.t.length ? d.t[d.t.length - 1] : span[0];
    // buckets as wide as those held (the server would choose finer ones for a short recent range)
    const j = await fetchRange(since, span[1], d.stepS);
    if (j.stepS !== d.stepS) again = true; else merge(d, j, span);
  });
  if (again) load();
}

function merge(d, j, span) {
  const first = j.t.length ? j.t[0] : Infinity;
  let keep = d.t.findIndex((t) => t >= first);
  if (keep < 0) keep = d.t.length;
  let drop = 0;
  while (drop < keep && d.t[drop] < span[0] - d.stepS) drop++;
  d.t = d.t.slice(drop, keep).concat(j.t);
  for (const name of Object.keys(j.series)) {
    const old = d.series[name] || new Array(keep).fill(null);
    d.series[name] = old.slice(drop, keep).concat(j.series[name]);
  }
  d.from = span[0]; d.to = span[1];
}

function notify() {
  $("range-note").textContent = history.error ? history.error
    : history.data ? describe(history.data) : "loading the server's history…";
  for (const l of listeners) l(history);
}

function describe(d) {
  const step = d.stepS >= 60 ? Math.round(d.stepS / 60) + " min" : d.stepS + " s";
  return "server history, one point per " + step + (d.oldest ? " · kept since " + d.oldest.substring(0, 16).replace("T", " ") + " UTC" : "");
}
