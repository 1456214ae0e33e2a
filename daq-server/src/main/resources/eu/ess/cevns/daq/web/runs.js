// The last runs on the shift tab, newest first: number, start, duration, protons on target, beam-on
// time, waveforms, excess ± error against the expectation, quality flag and comment. A stopped run's
// numbers are what its run.json recorded at the stop (the beam) and when the analysis had read it to
// its end (the excess); the open run's come from the live status. A click on a row opens its logbook.
import { $ } from "./dom.js";
import { fmt, fmtDuration, fmtInt, fmtSci } from "./format.js";
import { live, pulseRateHz } from "./live.js";

const LAST = 15;
const runs = { list: [], error: null };
let select = () => {};
let seen = null;

/** Loads the list now and every 15 s; onSelect(n) when a row is clicked. */
export function initRuns(onSelect) {
  select = onSelect;
  setInterval(loadRuns, 15000);
  loadRuns();
}

export async function loadRuns() {
  try {
    const res = await fetch("/api/runs?last=" + LAST);
    const j = await res.json();
    if (!res.ok) throw new Error(j.error);
    runs.list = j.runs.slice().reverse();
    runs.error = null;
  } catch (e) { runs.error = "cannot read the runs: " + e.message; }
  render();
}

/** Each status: a run started or stopped reloads the list; the open run's row follows the live numbers. */
export function runsOnStatus(s) {
  const key = s.run.number + " " + s.run.state;
  if (key !== seen) { seen = key; loadRuns(); return; }
  render();
}

function render() {
  const body = $("runs-table").tBodies[0];
  $("runs-note").textContent = runs.error || (runs.list.length ? "" : "no run yet");
  body.replaceChildren(...runs.list.map(row));
}

function row(r) {
  const tr = document.createElement("tr");
  tr.id = "run-row-" + r.number;
  tr.className = "run-row " + r.state.toLowerCase();
  tr.title = "run " + r.number + ": click for its logbook";
  tr.addEventListener("click", () => select(r.number));
  const s = live.status, open = r.state === "RUNNING" && s && s.run.number === r.number;
  const rateHz = pulseRateHz();
  const pot = open ? s.beam.potOn : r.beam ? r.beam.potOn : null;
  const beamOnS = open ? (rateHz ? s.beam.pulses.on / rateHz : null) : r.beam ? r.beam.beamOnS : null;
  const duration = open ? (Date.parse(s.time) - Date.parse(r.start)) / 1000 : r.durationS;
  const a = open ? s.analysis : r.analysis;
  const cells = [
    r.number,
    r.start ? r.start.substring(0, 16).replace("T", " ") : "–",
    duration != null ? fmtDuration(duration) + (open ? " (running)" : "") : "–",
    pot != null ? fmtSci(pot) : "–",
    beamOnS != null ? fmtDuration(beamOnS) : "–",
    fmtInt(open ? s.store.waveforms : r.waveforms),
    excess(a),
  ];
  for (const c of cells) { const td = document.createElement("td"); td.textContent = c; tr.append(td); }
  const q = document.createElement("td");
  q.className = "quality";
  if (r.quality) {
    const span = document.createElement("span");
    span.className = "flag q-" + r.quality.flag;
    span.textContent = r.quality.flag;
    q.title = r.quality.flag + (r.quality.reason ? ": " + r.quality.reason : "") + " (" + r.quality.who + ", " + r.quality.time.substring(0, 16).replace("T", " ") + " UTC)";
    q.append(span);
  } else { q.textContent = "–"; }
  tr.append(q);
  const c = document.createElement("td");
  c.className = "comment";
  c.textContent = r.comment + (r.state === "ABORTED" ? " (aborted)" : "");
  tr.append(c);
  return tr;
}

function excess(a) {
  if (!a || a.excess == null) return a && a.expected != null ? "– / " + fmt(a.expected, 1) : "–";
  return fmt(a.excess, 1) + " ± " + fmt(a.excessError, 1) + " / " + fmt(a.expected, 1);
}
