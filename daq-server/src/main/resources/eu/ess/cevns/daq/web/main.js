// cevns-daq dashboard: live status over server-sent events (/api/events), charts with uPlot.
// Everything shown comes from the same JSON as /api/status and /api/analysis. This module wires
// the others together: tabs, the configuration, then the event stream.
import { $ } from "./dom.js";
import { connect, loadConfig } from "./live.js";
import { initHeader, showDetector, tickClock } from "./header.js";
import { initCharts, renderAlarmChart, renderBeamChart, renderEnergyChart, renderExcessChart, renderRateChart, renderTimeChart,
  resizeCharts } from "./charts.js";
import { renderShift } from "./shift.js";
import { expertShown, initExpert, renderExpertAnalysis, renderExpertStatus } from "./expert.js";
import { history, initHistory, load as loadHistory, refresh as refreshHistory } from "./history.js";
import { initRuns, runsOnStatus } from "./runs.js";
import { initLogbook, logbookOnStatus, showLogbook } from "./logbook.js";
import { initSound } from "./sound.js";
import { initLogin, loginRequired } from "./login.js";

function showTab(name) {
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("active", b.dataset.tab === name);
  $("shift").classList.toggle("hidden", name !== "shift");
  $("expert").classList.toggle("hidden", name !== "expert");
  // the tab in the address (a reload keeps it) without scrolling to the panel: setting location.hash would
  // scroll the panel under the pinned header, hiding the tiles' states
  window.history.replaceState(null, "", "#" + name);
  resizeCharts();
  if (name === "expert") expertShown();
}

let first = true;
function onStatus(s) {
  renderShift(s);
  renderExpertStatus(s);
  runsOnStatus(s);
  logbookOnStatus(s);
  tickClock();
  // "this run" needs the run's start: the first status may be what lets the history load
  if (first && !history.data) loadHistory(); else refreshHistory();
  first = false;
}

function onHistory(h) {
  renderRateChart(h.data); renderExcessChart(h.data); renderBeamChart(h.data); renderAlarmChart(h.data);
}

function onAnalysis(a) {
  renderEnergyChart(a); renderTimeChart(a); renderExpertAnalysis(a);
}

async function start() {
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => showTab(b.dataset.tab));
  initHeader();
  initCharts();
  initExpert();
  initHistory(onHistory);
  initRuns(showLogbook);
  initLogbook();
  initSound();
  showTab(location.hash === "#expert" ? "expert" : "shift");
  // the configuration first: the excess chart needs the pulse clock, the strip the noData limit
  showDetector(await loadConfig());
  // the past first, from the server: the charts show the last hours before the first live second arrives
  loadHistory();
  connect({ status: onStatus, analysis: onAnalysis });
}

// who is logged in first: a server that closes reads (accounts.readsOpen: false) shows nothing before a login
await initLogin();
const probe = await fetch("/api/status", { credentials: "same-origin" }).catch(() => null);
if (probe && probe.status === 401) loginRequired(); else start();
