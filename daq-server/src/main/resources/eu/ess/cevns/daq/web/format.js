// How the page writes numbers: "–" for anything not known, thousands separated, bytes in binary units.

export function fmtInt(v) { return v == null ? "–" : Math.round(v).toLocaleString("en-US"); }

export function fmt(v, d) { return v == null || !isFinite(v) ? "–" : Number(v).toFixed(d); }

export function fmtBytes(b) {
  if (b == null || b < 0) return "–";
  const u = ["B", "KiB", "MiB", "GiB", "TiB"]; let i = 0;
  while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
  return b.toFixed(i ? 1 : 0) + " " + u[i];
}

export function fmtSci(v) { return v == null || !isFinite(v) || v === 0 ? (v === 0 ? "0" : "–") : v.toExponential(2).replace("e+", "×10^"); }

export function fmtDuration(s) {
  if (!(s >= 0)) return "";
  const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), x = Math.floor(s % 60);
  return (h ? h + " h " : "") + (h || m ? m + " min " : "") + x + " s";
}
