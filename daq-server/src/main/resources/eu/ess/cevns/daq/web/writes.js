// Writes to the server from any tab: the name a change is recorded under and the write token, kept in the
// browser tab's session storage only and shown in every place that writes (expert tab, logbook), the
// call itself, and its result in words where the write was asked for.
import { $, setClass } from "./dom.js";

const KEYS = { who: "cevns-daq.who", token: "cevns-daq.token" };
const bound = { who: [], token: [] };

/** Makes the inputs with these ids show and set the shared name and token. */
export function bindCredentials(whoId, tokenId) {
  for (const [kind, id] of [["who", whoId], ["token", tokenId]]) {
    const el = $(id);
    el.value = sessionStorage.getItem(KEYS[kind]) || "";
    el.addEventListener("change", () => {
      sessionStorage.setItem(KEYS[kind], el.value);
      for (const other of bound[kind]) if (other !== el) other.value = el.value;
    });
    bound[kind].push(el);
  }
}

export function token() { return (sessionStorage.getItem(KEYS.token) || "").trim(); }
export function who() { return (sessionStorage.getItem(KEYS.who) || "").trim() || "dashboard"; }

function show(el, ok, text) {
  el.textContent = text;
  setClass(el, "result", ok ? "ok" : "err");
}

/**
 * Sends body (with who) to path; shows in resultEl (the expert tab's result line by default) either
 * done(reply) with who and when, or why it was refused. Returns the reply, or null when refused.
 */
export async function write(path, body, done, method, resultEl) {
  const el = resultEl || $("write-result");
  if (!token()) { show(el, false, "enter your name and the write token first (the server's data/token file)"); return null; }
  try {
    const res = await fetch(path, { method: method || "PUT", headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token() },
      body: JSON.stringify(Object.assign({ who: who() }, body)) });
    const j = await res.json();
    if (!res.ok) { show(el, false, "refused (" + res.status + "): " + j.error + (j.field ? " [field " + j.field + "]" : "")); return null; }
    show(el, true, done(j) + " – recorded as " + who() + " at " + new Date().toISOString().substring(11, 19) + " UTC");
    return j;
  } catch (e) { show(el, false, "write failed: " + e); return null; }
}
