// Writes to the server from any tab: who the page is logged in as (login.js keeps it), the call itself with
// the session's CSRF token in its header (the session cookie goes by itself), and its result in words where
// the write was asked for. The page holds no secret but the CSRF token, in memory: a reload asks the server.
import { $, setClass } from "./dom.js";

/** The page's login: user, role, CSRF token; builtIn and who when logged in with the write token. */
export const account = { user: null, role: null, csrfToken: null, builtIn: false, who: "" };

function show(el, ok, text) {
  el.textContent = text;
  setClass(el, "result", ok ? "ok" : "err");
}

/** Who a change is recorded as: the account, or with the write token the name given at login. */
export function recordedAs() { return account.builtIn ? (account.who || "api") : account.user; }

/**
 * Sends body to path; shows in resultEl (the expert tab's result line by default) either done(reply) with
 * who and when, or why it was refused. Returns the reply, or null when refused.
 */
export async function write(path, body, done, method, resultEl) {
  const el = resultEl || $("write-result");
  if (!account.user) { show(el, false, "log in first (top right): every change is recorded under an account"); return null; }
  try {
    const sent = account.builtIn && account.who ? Object.assign({ who: account.who }, body) : body;
    const res = await fetch(path, { method: method || "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": account.csrfToken }, body: JSON.stringify(sent) });
    const j = await res.json();
    if (!res.ok) {
      show(el, false, "refused (" + res.status + "): " + j.error + (j.field ? " [field " + j.field + "]" : ""));
      return null;
    }
    show(el, true, done(j) + " – recorded as " + recordedAs() + " at " + new Date().toISOString().substring(11, 19) + " UTC");
    return j;
  } catch (e) { show(el, false, "write failed: " + e); return null; }
}
