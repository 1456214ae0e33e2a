// The shift tab: run, data flow, beam and excess tiles, the channel strip, the active alarms and the
// overall indicator, all from one status message. The verdict on the excess is the server's (the
// same judgement as the excessLow alarm); the page only colours it.
import { $, setClass } from "./dom.js";
import { fmt, fmtBytes, fmtDuration, fmtInt, fmtSci } from "./format.js";
import { live, lastMinute, rate, silentLimitS, unchangedForS } from "./live.js";
import { soundFor } from "./sound.js";
import { write } from "./writes.js";

/** The colour of each verdict level the server sends (analysis.verdict.level). */
const VERDICT_CLASS = { none: "", asExpected: "good", above: "warn", below: "warn", farBelow: "bad" };

export function renderShift(s) {
  renderRun(s); renderDaq(s); renderBeam(s); renderExcess(s.analysis); renderAlarms(s.alarms); renderChannels(s.channels.list);
}

function renderRun(s) {
  const running = s.run.state === "RUNNING";
  // a run that is open but stores nothing is not recording, whatever its state says
  const quietS = running ? unchangedForS("stored", silentLimitS()) : null;
  const nothingStored = quietS != null && quietS >= silentLimitS();
  const dropping = running && lastMinute("dropped") > 0;
  const el = $("run-state");
  el.textContent = !running ? "NOT RECORDING" : nothingStored ? "NOTHING STORED" : dropping ? "RECORDING, DROPPING" : "RECORDING";
  const cls = !running ? "warn" : nothingStored || dropping ? "bad" : "good";
  setClass(el, "big", cls);
  setClass($("tile-run"), "tile", cls);
  $("run-number").textContent = s.run.number == null ? "none yet" : s.run.number;
  $("run-word").textContent = running ? (nothingStored ? "open, no waveform stored for " + fmtDuration(Math.round(quietS)) : "")
    : s.run.number == null ? "" : s.run.state.toLowerCase();
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
  $("lost-packets").textContent = fmtInt(s.readout.lostPackets) + (lost ? " (+" + lost + " in last min)" : "")
    + (s.readout.resyncs ? " · " + fmtInt(s.readout.resyncs) + " sequence resync" + (s.readout.resyncs > 1 ? "s" : "") : "");
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
  // the pulses and POT are the run's: they stop counting when it stops, and the tile says so
  const running = s.run.state === "RUNNING";
  $("beam-run-label").textContent = s.run.number == null ? "No run yet:" : running ? "This run:"
    : "Run " + s.run.number + " (stopped" + (s.run.stop ? " " + s.run.stop.substring(11, 16) + " UTC" : "") + ", not counting):";
  $("pot-note").textContent = running || s.run.number == null ? "" : "(run " + s.run.number + ")";
  $("pulses-on").textContent = fmtInt(b.pulses.on);
  $("pulses-off").textContent = fmtInt(b.pulses.off);
  $("pulses-unknown").textContent = fmtInt(b.pulses.unknown);
  $("pot").textContent = fmtSci(b.potOn);
}

function renderExcess(a) {
  if (a && a.inProcess === false) { renderExcess(null); renderElsewhere(a); return; }
  const v = a && a.verdict;
  const cls = (v && VERDICT_CLASS[v.level]) || "";
  $("excess-verdict").textContent = v ? v.text : "–";
  setClass($("excess-verdict"), "verdict", cls);
  setClass($("tile-excess"), "tile", cls);
  renderExpected(a);
  renderBand(a);
  renderFit(a && a.fit);
  // the counts of this analysis even before there is an excess: a new run must not show the last one's
  $("on-counts").textContent = a ? fmtInt(a.onCounts) : "–";
  $("off-counts").textContent = a ? fmtInt(a.offCounts) : "–";
  $("alpha").textContent = a ? fmt(a.alpha, 3) : "–";
  $("lag").textContent = !a || a.lagMs == null ? "–" : fmt(a.lagMs / 1000, 1) + " s";
  if (!a || a.excess == null) {
    $("excess").textContent = "–";
    $("excess-sigma").textContent = "";
    return;
  }
  $("excess").textContent = fmt(a.excess, 1) + " ± " + fmt(a.excessError, 1);
  $("excess-sigma").textContent = a.significance != null ? "(" + fmt(a.significance, 1) + "σ)" : "";
}

// analysis.inProcess: false: the numbers are another process's (analyze --follow); say so, and where, rather than show dashes
function renderElsewhere(a) {
  const el = $("excess-verdict");
  el.replaceChildren("analysis runs in a separate process (cevns-daq analyze --follow)");
  el.title = a.runsIn || "";
  if (a.url && /^https?:\/\//.test(a.url)) {
    const link = document.createElement("a");
    link.href = a.url; link.textContent = a.url; link.target = "_blank"; link.rel = "noopener";
    el.append(": ", link);
  }
}

// the expectation is CEvNS + beam-related neutrons, with the systematic error the verdict adds to the excess's
function renderExpected(a) {
  if (!a || a.expected == null) { $("expected").textContent = "–"; $("expected-parts").textContent = ""; return; }
  $("expected").textContent = fmt(a.expected, 1) + (a.expectedSyst ? " ± " + fmt(a.expectedSyst, 1) + " syst" : "");
  $("expected-parts").textContent = a.expectedBrn ? "(CEvNS " + fmt(a.expectedCevns, 1) + " + BRN " + fmt(a.expectedBrn, 1) + ")" : "";
}

// the likelihood fit beside the counting excess: mu = N_CEvNS / N_SM with its 68 % interval
function renderFit(f) {
  const el = $("fit");
  if (!f || f.mu == null) { el.textContent = "fit: " + (f ? f.status : "–"); return; }
  el.textContent = "fit μ = " + fmt(f.mu, 2) + " (68 %: " + fmt(f.muLow, 2) + " … " + fmt(f.muHigh, 2) + "), " + fmt(f.significance, 1)
    + "σ · BRN ×" + fmt(f.brn, 2);
}

const SVG = "http://www.w3.org/2000/svg";

/**
 * The expectation as a band on one axis with the measured excess on it: light green where the verdict
 * says "as expected" (±2 combined standard errors), darker ±1σ of the systematic error alone, the
 * expectation as a line, and the excess as a dot with its statistical error bar.
 */
function renderBand(a) {
  const svg = $("excess-band");
  svg.replaceChildren();
  if (!a || a.expected == null || !(a.expected > 0)) return;
  const syst = a.expectedSyst || 0, stat = a.excessError || 0, total = Math.hypot(stat, syst), e = a.expected;
  const has = a.excess != null;
  const lo = Math.min(e - 2.5 * total, has ? a.excess - stat : e);
  const hi = Math.max(e + 2.5 * total, has ? a.excess + stat : e);
  const span = hi - lo || 1, x = (v) => (v - lo) / span * 300;
  const rect = (from, to, y, h, fill, cls) => {
    const r = document.createElementNS(SVG, "rect");
    r.setAttribute("x", x(from)); r.setAttribute("width", Math.max(1, x(to) - x(from)));
    r.setAttribute("y", y); r.setAttribute("height", h); r.setAttribute("fill", fill); r.setAttribute("class", cls);
    svg.append(r);
  };
  if (total > 0) rect(e - 2 * total, e + 2 * total, 0, 12, "rgba(21,128,61,0.18)", "agree");
  if (syst > 0) rect(e - syst, e + syst, 0, 12, "rgba(21,128,61,0.45)", "syst");
  rect(e, e, 0, 12, "#15803d", "expected");
  if (has) {
    rect(a.excess - stat, a.excess + stat, 5, 2, "#1d4ed8", "stat");
    rect(a.excess - span / 150, a.excess + span / 150, 2, 8, "#1d4ed8", "excess");
  }
  svg.dataset.expected = e; svg.dataset.syst = syst;
}

/** The header's summary: how many alarms are listed, the worst severity, and whether all are acknowledged. */
export function overallText(al) {
  if (al.count === 0) return "ALL OK";
  return al.count + " ALARM" + (al.count > 1 ? "S" : "") + " (" + al.severity + ")" + (al.unacknowledged === 0 ? " – acknowledged" : "");
}

const STATE_WORDS = { ACTIVE: "", ACKNOWLEDGED: "acknowledged", CLEARED: "cleared – acknowledge to remove", SHELVED: "shelved" };
const SHELVE_MINUTES = [15, 60, 240, 480, 1440];

/** "14:05:12 UTC", with the date when it is not today's. */
function when(iso) {
  const today = new Date().toISOString().substring(0, 10);
  return (iso.substring(0, 10) === today ? "" : iso.substring(0, 10) + " ") + iso.substring(11, 19) + " UTC";
}

function renderAlarms(al) {
  soundFor(al);
  const o = $("overall");
  o.textContent = overallText(al);
  setClass(o, "overall", al.count === 0 ? "ok" : al.severity.toLowerCase() + (al.unacknowledged === 0 ? " acked" : ""));
  $("alarm-count").textContent = al.count ? "(" + al.count + " listed, " + al.unacknowledged + " unacknowledged, most severe first)" : "";
  const ul = $("alarm-list");
  // the rows are rebuilt only when the list changes (which alarms, their state): a shelve form being
  // filled in stays as it is while the numbers in the messages move on
  const key = JSON.stringify(al.active.map((a) => [a.name, a.state, a.severity]))
    + JSON.stringify(al.shelved.map((a) => [a.name, a.shelf.until, a.currentSeverity]));
  if (ul.dataset.key === key) {
    for (const a of al.active) {
      const li = ul.querySelector('li[data-alarm="' + CSS.escape(a.name) + '"]');
      if (li) { li.querySelector(".msg").textContent = message(a); li.querySelector(".action").textContent = "What to do: " + a.action; }
    }
    return;
  }
  ul.dataset.key = key;
  ul.replaceChildren();
  if (al.count === 0 && al.shelved.length === 0) {
    const li = document.createElement("li"); li.className = "ok"; li.textContent = "No active alarms"; ul.append(li);
    return;
  }
  // every alarm with what to do, on the page, not in a tooltip; the crew's buttons beside it
  for (const a of al.active) ul.append(alarmRow(a));
  for (const a of al.shelved) ul.append(shelvedRow(a));
}

function alarmRow(a) {
  const li = document.createElement("li");
  li.className = a.severity + " " + a.state;
  li.dataset.alarm = a.name;
  li.innerHTML = '<div class="head"><span class="sev"></span><span class="title"></span> <span class="state"></span> – <span class="msg"></span></div>'
    + '<div class="action"></div><div class="buttons"></div>';
  li.querySelector(".sev").textContent = a.severity;
  li.querySelector(".title").textContent = a.title;
  li.querySelector(".state").textContent = STATE_WORDS[a.state] ? "[" + STATE_WORDS[a.state]
    + (a.acknowledged ? " by " + a.acknowledged.who : "") + "]" : "";
  li.querySelector(".msg").textContent = message(a);
  li.querySelector(".action").textContent = "What to do: " + a.action;
  const buttons = li.querySelector(".buttons");
  if (a.state === "ACTIVE" || a.state === "CLEARED") {
    buttons.append(button("Acknowledge", "ack", () => act(a.name, "acknowledge", {})));
  }
  const form = shelveForm(a.name);
  buttons.append(button("Shelve…", "shelve", () => form.classList.toggle("hidden")), form);
  return li;
}

function message(a) { return a.message + " (since " + when(a.since) + ")"; }

function shelveForm(name) {
  const f = document.createElement("span");
  f.className = "shelve-form hidden";
  const sel = document.createElement("select");
  sel.className = "minutes";
  const maxH = live.config && live.config.alarms ? live.config.alarms.maxShelveHours : 24;
  for (const m of SHELVE_MINUTES.filter((x) => x <= maxH * 60)) {
    const o = document.createElement("option"); o.value = m; o.textContent = m < 60 ? m + " min" : m / 60 + " h"; sel.append(o);
  }
  sel.value = "60";
  const reason = document.createElement("input");
  reason.className = "reason"; reason.size = 28; reason.placeholder = "why (required, recorded in the run)";
  f.append(" for ", sel, " because ", reason, button("Shelve", "shelve-go", () => act(name, "shelve",
    { minutes: Number(sel.value), reason: reason.value.trim() })));
  return f;
}

function shelvedRow(a) {
  const li = document.createElement("li");
  li.className = "SHELVED " + a.severity;
  li.dataset.alarm = a.name;
  li.innerHTML = '<span class="title"></span> <span class="msg"></span> ';
  li.querySelector(".title").textContent = "Shelved: " + a.title;
  li.querySelector(".msg").textContent = "until " + when(a.shelf.until) + " by " + a.shelf.who + " (" + a.shelf.reason + ")"
    + (a.currentSeverity === "NO_ALARM" ? ", its condition has cleared" : ", its condition still holds (" + a.currentSeverity + ")");
  li.append(button("Unshelve", "unshelve", () => act(a.name, "unshelve", {})));
  return li;
}

function button(text, cls, onClick) {
  const b = document.createElement("button");
  b.textContent = text; b.className = cls; b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

/** An act on an alarm, as every write: under the account logged in (writes.js), the result shown below the list. */
async function act(name, what, body) {
  await write("/api/alarms/" + encodeURIComponent(name) + "/" + what, body,
    (j) => j.act.action + "d " + j.act.name + (j.act.shelvedUntil ? " until " + when(j.act.shelvedUntil) : ""), "POST",
    $("alarm-result"));
  // an accepted act changes the list, which the next status redraws; a refused one leaves the form as typed, to be put right
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
