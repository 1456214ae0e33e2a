// The header (pinned at the top while the page scrolls): which detector this is, the UTC clock, how old
// the last update is, and the NO LIVE DATA banner when the event stream has been silent for more than
// 5 s. Then every tile turns grey and says how old its values are: stale numbers must never look healthy.
import { $, setClass } from "./dom.js";
import { live } from "./live.js";
import { fmtDuration } from "./format.js";

const STALE_S = 5;

export function initHeader() { setInterval(tickClock, 1000); }

export function showDetector(config) {
  if (!config) return;
  $("detector").textContent = "· " + config.detector.name + " · " + config.detector.massKg + " kg at " + config.detector.distanceM + " m";
  document.title = "cevns-daq · " + config.detector.name;
}

export function tickClock() {
  const age = (Date.now() - live.lastEventMs) / 1000;
  $("clock").textContent = new Date().toISOString().replace("T", " ").substring(0, 19) + " UTC";
  $("updated").textContent = live.lastEventMs ? "updated " + age.toFixed(0) + " s ago" : "no data yet";
  // before the first message, give the page itself 5 s to connect
  const stale = live.lastEventMs === 0 ? age > STALE_S && performance.now() > STALE_S * 1000 : age > STALE_S;
  $("stale").classList.toggle("hidden", !stale);
  document.body.classList.toggle("stale-data", stale);
  const note = !stale ? "" : live.lastEventMs ? "values " + fmtDuration(Math.round(age)) + " old" : "no value yet";
  for (const el of document.querySelectorAll(".tile .age")) el.textContent = note;
  if (stale) { $("overall").textContent = "NO LIVE DATA"; setClass($("overall"), "overall", "unknown"); }
}
