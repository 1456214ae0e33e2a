// The alarm sound: new MAJOR (and INVALID) alarms beep in the browser until someone acknowledges or
// shelves them. A browser plays sound only after a click on the page, so the header's bell button
// asks for it once (the choice is kept in this browser); until then the button itself flashes.
// Web Audio beeps, no sound files.
import { $ } from "./dom.js";

const KEY = "cevns-daq.sound";
const EVERY_MS = 2000;
let ctx = null;
let loud = [];

/** Installs the bell button and the beep timer; call once. */
export function initSound() {
  $("sound").addEventListener("click", () => {
    if (ctx && ctx.state === "running" && localStorage.getItem(KEY) === "on") {
      localStorage.setItem(KEY, "off");
    } else {
      localStorage.setItem(KEY, "on");
      ctx = ctx || new AudioContext();
      ctx.resume();
    }
    show();
  });
  // any click on the page is the gesture a browser wants before it plays sound
  document.addEventListener("click", (e) => {
    if (e.target.id === "sound" || !wanted()) return;
    ctx = ctx || new AudioContext();
    ctx.resume().then(show);
  }, true);
  setInterval(beep, EVERY_MS);
  show();
}

/** Which alarms sound: listed (not shelved), not acknowledged, MAJOR or worse. */
export function soundFor(alarms) {
  loud = (alarms.active || []).filter((a) => (a.state === "ACTIVE" || a.state === "CLEARED")
    && (a.severity === "MAJOR" || a.severity === "INVALID"));
  show();
}

function wanted() { return localStorage.getItem(KEY) !== "off"; }

function playing() { return ctx !== null && ctx.state === "running" && wanted(); }

function show() {
  const b = $("sound");
  const sounding = loud.length > 0 && wanted();
  document.body.dataset.sounding = sounding ? loud.map((a) => a.name).join(" ") : "";
  document.body.dataset.audio = playing() ? "playing" : ctx ? ctx.state : "none";
  if (!wanted()) {
    b.textContent = "sound off"; b.className = "sound off";
  } else if (!playing()) {
    // a page that was never clicked cannot sound: say so, loudly when something should
    b.textContent = "♪ click to enable alarm sound"; b.className = "sound ask" + (sounding ? " flash" : "");
  } else {
    b.textContent = sounding ? "♪ " + loud.length + " MAJOR unacknowledged" : "♪ sound on"; b.className = "sound" + (sounding ? " flash" : "");
  }
}

function beep() {
  show();
  if (!loud.length || !playing()) return;
  // two short tones, 880 Hz then 660 Hz: an alarm, not a notification
  [[880, 0], [660, 0.25]].forEach(([f, at]) => {
    const o = ctx.createOscillator(), g = ctx.createGain();
    o.frequency.value = f; o.type = "square";
    g.gain.setValueAtTime(0.15, ctx.currentTime + at);
    g.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.2);
    o.connect(g).connect(ctx.destination);
    o.start(ctx.currentTime + at); o.stop(ctx.currentTime + at + 0.2);
  });
}
