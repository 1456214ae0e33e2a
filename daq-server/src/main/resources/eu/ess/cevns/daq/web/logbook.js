// The run logbook on the shift tab: the entries of a run (the open one, else the last; or the run chosen
// in the runs table), newest first, with who, when and tags, and the quality flags set on it; and the
// writes: an entry with tags, and the run's quality flag (good, bad or check, with a reason). Both are
// recorded by the server with the account's name and the time, in the run's logbook and, while the run is
// open, in its own records. Both go under the account the page is logged in as (login.js, writes.js).
import { $ } from "./dom.js";
import { write } from "./writes.js";
import { loadRuns } from "./runs.js";

const book = { run: null, follow: true, tags: [] };

export function initLogbook() {
  $("log-add").addEventListener("click", addEntry);
  $("log-text").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) addEntry(); });
  $("quality-set").addEventListener("click", setQuality);
  $("log-follow").addEventListener("click", () => { book.follow = true; book.run = null; load(); });
  setInterval(load, 10000);
  load();
}

/** Shows run n's logbook (a click in the runs table); it then stays on that run until "open run" is pressed. */
export function showLogbook(n) {
  book.follow = false;
  book.run = n;
  load();
}

/** A new run while following: show its logbook. */
export function logbookOnStatus(s) {
  if (book.follow && s.run.number != null && s.run.number !== book.run) { book.run = s.run.number; load(); }
}

async function load() {
  try {
    const res = await fetch("/api/logbook" + (book.run != null ? "?run=" + book.run : ""));
    const j = await res.json();
    if (!res.ok) throw new Error(j.error);
    if (book.run == null) book.run = j.run;
    render(j);
  } catch (e) { $("log-title").textContent = "Logbook: " + e.message; }
}

function render(j) {
  $("log-title").textContent = j.run == null ? "Logbook (no run yet)" : "Logbook of run " + j.run + (book.follow ? "" : " (chosen)");
  $("log-follow").classList.toggle("hidden", book.follow);
  if (j.suggestedTags && book.tags.length === 0) {
    book.tags = j.suggestedTags;
    $("log-tags").replaceChildren(...book.tags.map((t) => {
      const l = document.createElement("label"); l.className = "tag";
      const c = document.createElement("input"); c.type = "checkbox"; c.value = t; c.id = "log-tag-" + t.replace(/\W+/g, "-");
      l.append(c, " " + t);
      return l;
    }));
  }
  const list = $("log-entries");
  list.replaceChildren(...j.entries.slice().reverse().map((e) => {
    const li = document.createElement("li");
    if (e.quality) li.className = "q-line q-" + e.quality;
    const head = document.createElement("span"); head.className = "when";
    head.textContent = e.time.substring(0, 19).replace("T", " ") + " UTC · " + e.who;
    li.append(head);
    if (e.quality) {
      const f = document.createElement("b"); f.textContent = " flagged " + e.quality.toUpperCase(); li.append(f);
    }
    for (const t of e.tags) { const s = document.createElement("span"); s.className = "tag-chip"; s.textContent = t; li.append(s); }
    const text = document.createElement("div"); text.className = "text"; text.textContent = e.text; li.append(text);
    return li;
  }));
  if (!j.entries.length) { const li = document.createElement("li"); li.className = "muted"; li.textContent = "no entries yet"; list.append(li); }
}

async function addEntry() {
  const text = $("log-text").value.trim();
  if (!text) { $("log-result").textContent = "write something first"; return; }
  const tags = [...document.querySelectorAll("#log-tags input:checked")].map((c) => c.value);
  const other = $("log-other-tag").value.trim();
  if (other) tags.push(other);
  const body = { text, tags };
  if (book.run != null) body.run = book.run;
  const j = await write("/api/logbook", body, (r) => "entry added to run " + r.run + (r.inQueue ? "" : " (run closed: kept in its logbook)"),
    "POST", $("log-result"));
  if (j) {
    $("log-text").value = ""; $("log-other-tag").value = "";
    for (const c of document.querySelectorAll("#log-tags input")) c.checked = false;
    load();
  }
}

async function setQuality() {
  if (book.run == null) { $("log-result").textContent = "no run to flag"; return; }
  const flag = $("quality-flag").value, reason = $("quality-reason").value.trim();
  const j = await write("/api/runs/" + book.run + "/quality", { flag, reason }, (r) => "run " + r.run + " flagged " + flag,
    "PUT", $("log-result"));
  if (j) { $("quality-reason").value = ""; load(); loadRuns(); }
}
