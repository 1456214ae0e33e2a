// Writes to the server: every one carries the write token and the name typed in the expert tab
// (kept in this browser tab's session storage only) and is recorded by the server in the run under
// that name. The result of the last write is shown in the expert tab, and returned to the caller.
import { $, setClass } from "./dom.js";

export function token() { return $("token").value.trim(); }
export function who() { return $("who").value.trim() || "dashboard"; }

/** Restores the name and token of this tab and keeps them as they are typed. */
export function initWrites() {
  for (const id of ["token", "who"]) {
    const k = "cevns-daq." + id;
    $(id).value = sessionStorage.getItem(k) || "";
    $(id).addEventListener("change", () => sessionStorage.setItem(k, $(id).value));
  }
}

export function showResult(ok, text) {
  const r = $("write-result");
  r.textContent = text;
  setClass(r, "result", ok ? "ok" : "err");
}

/**
 * Sends {who, ...body} to path; done(json) says in words what happened. Resolves to
 * {ok, text}: the text as shown in the expert tab (the refusal with the field it names).
 */
export async function write(path, body, done, method) {
  let out;
  if (!token()) {
    out = { ok: false, text: "enter your name and the write token in the Expert tab first (the server's data/token file)" };
  } else {
    try {
      const res = await fetch(path, { method: method || "PUT", headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token() },
        body: JSON.stringify(Object.assign({ who: who() }, body)) });
      const j = await res.json();
      out = res.ok ? { ok: true, text: done(j) + " – recorded as " + who() + " at " + new Date().toISOString().substring(11, 19) + " UTC" }
        : { ok: false, text: "refused (" + res.status + "): " + j.error + (j.field ? " [field " + j.field + "]" : "") };
    } catch (e) { out = { ok: false, text: "write failed: " + e }; }
  }
  showResult(out.ok, out.text);
  return out;
}
