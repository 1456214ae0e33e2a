// cevns-daq dashboard: live status over server-sent events (/api/events), charts with uPlot.
// Everything shown comes from the same JSON as /api/status and /api/analysis. This module wires
// the others together: tabs, the configuration, then the event stream.
import { $ } from "./dom.js";
import { connect, loadConfig } from "./live.js";
import { initHeader, showDetector, tickClock } from "./header.js";
import { initCharts, renderEnergyChart, renderExcessChart, renderRateChart, renderTimeChart, resizeCharts } from "./charts.js";
import { renderShift } from "./shift.js";
import { expertShown, initExpert, renderExpertAnalysis, renderExpertStatus } from "./expert.js";
import { initSound } from "./sound.js";

function showTab(name) {
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("active", b.dataset.tab === name);
  $("shift").classList.toggle("hidden", name !== "shift");
  $("expert").classList.toggle("hidden", name !== "expert");
  location.hash = name;
  resizeCharts();
  if (name === "expert") expertShown();
}

function onStatus(s) {
  renderShift(s);
  renderRateChart();
  renderExpertStatus(s);
  tickClock();
}

function onAnalysis(a) {
  renderExcessChart(a); renderEnergyChart(a); renderTimeChart(a); renderExpertAnalysis(a);
}

for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => showTab(b.dataset.tab));
initHeader();
initCharts();
initExpert();
initSound();
showTab(location.hash === "#expert" ? "expert" : "shift");
// the configuration first: the excess chart needs the pulse clock, the strip the noData limit
showDetector(await loadConfig());
connect({ status: onStatus, analysis: onAnalysis });
