// The page's login (top right): an account and its password, or the server's write token with a name (a site
// without accounts); the server answers with a session cookie (HttpOnly: no script reads it) and the CSRF token
// that writes.js sends with every write. Shows who is logged in and their role; logs out. A reloaded page
// asks the server who it is logged in as.
import { $, setClass } from "./dom.js";
import { account } from "./writes.js";

const WHO_KEY = "cevns-daq.who";

export async function initLogin() {
  $("login-open").addEventListener("click", () => { $("login-form").classList.remove("hidden"); $("login-user").focus(); });
  $("login-cancel").addEventListener("click", () => $("login-form").classList.add("hidden"));
  $("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    logIn({ user: $("login-user").value.trim(), password: $("login-password").value });
  });
  $("login-token-go").addEventListener("click", () => logIn({ token: $("login-token").value.trim() }, $("login-who").value.trim()));
  $("logout").addEventListener("click", logOut);
  try {
    const j = await (await fetch("/api/session", { credentials: "same-origin" })).json();
    if (j.user) set(j, sessionStorage.getItem(WHO_KEY) || "");
  } catch (e) { /* the stale banner says the server is away */ }
  show();
}

/** This server shows nothing before a login: the form stays open, and a login reloads the page with its data. */
export function loginRequired() {
  reloadAfterLogin = true;
  $("login-form").classList.remove("hidden");
  $("login-cancel").classList.add("hidden");
  $("overall").textContent = "LOG IN TO READ";
  $("login-result").textContent = "This server shows its data to logged-in accounts only.";
}

let reloadAfterLogin = false;

async function logIn(body, who) {
  const el = $("login-result");
  try {
    const res = await fetch("/api/login", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) });
    const j = await res.json();
    $("login-password").value = "";
    $("login-token").value = "";
    if (!res.ok) { el.textContent = "refused (" + res.status + "): " + j.error; setClass(el, "result", "err"); return; }
    set(j, who || "");
    el.textContent = "";
    $("login-form").classList.add("hidden");
    if (reloadAfterLogin) { location.reload(); return; }
  } catch (e) { el.textContent = "login failed: " + e; setClass(el, "result", "err"); }
  show();
}

async function logOut() {
  try {
    await fetch("/api/logout", { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": account.csrfToken } });
  } catch (e) { /* logged out here all the same */ }
  set({ user: null, role: null, csrfToken: null, builtIn: false }, "");
  show();
  // where reads are closed, what the page shows is no longer for this browser
  const probe = await fetch("/api/status", { credentials: "same-origin" }).catch(() => null);
  if (probe && probe.status === 401) location.reload();
}

function set(j, who) {
  Object.assign(account, { user: j.user, role: j.role, csrfToken: j.csrfToken, builtIn: !!j.builtIn, who });
  if (who) sessionStorage.setItem(WHO_KEY, who); else sessionStorage.removeItem(WHO_KEY);
}

function show() {
  const a = account;
  $("account").textContent = a.user ? (a.builtIn ? (a.who || "api") + " (write token, expert)" : a.user + " (" + a.role + ")") : "not logged in";
  $("login-open").classList.toggle("hidden", !!a.user);
  $("logout").classList.toggle("hidden", !a.user);
}
