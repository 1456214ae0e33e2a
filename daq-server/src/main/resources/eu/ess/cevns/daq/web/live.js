// The server's state as the page knows it: the configuration in force (/api/config), the status and
// the analysis pushed over server-sent events (/api/events), the last ten minutes of status samples
// the rates are computed from, and the beam windows. Every panel reads from here; nothing else
// talks to the event stream.

const HISTORY_S = 600;

export const live = { config: null, status: null, analysis: null, windows: null, samples: [], lastEventMs: 0 };

/** Reads /api/config once; the page works without it (the alarm limits then take their defaults). */
export async function loadConfig() {
  try { live.config = await (await fetch("/api/config")).json(); } catch (e) { /* the stale banner tells the user */ }
  return live.config;
}

/** Follows /api/events, calling status(s) each second and analysis(a) every two seconds. */
export function connect({ status, analysis }) {
  const es = new EventSource("/api/events");
  es.addEventListener("status", (e) => { const s = JSON.parse(e.data); record(s); status(s); });
  es.addEventListener("analysis", (e) => { live.analysis = JSON.parse(e.data); analysis(live.analysis); });
  es.onerror = () => { /* EventSource reconnects by itself; the stale banner tells the user */ };
}

function record(s) {
  live.lastEventMs = Date.now();
  const t = Date.parse(s.time) / 1000;
  live.samples.push({ t, waveforms: s.readout.waveforms, packets: s.readout.packets, lost: s.readout.lostPackets,
    rejected: s.readout.rejected.total, stored: s.store.waveforms, dropped: s.store.dropped, run: s.run.number });
  while (live.samples.length > 2 && live.samples[0].t < t - HISTORY_S) live.samples.shift();
  live.status = s;
}

/** Per second, over the last five seconds of samples; null until there are two. */
export function rate(key) {
  const n = live.samples.length;
  if (n < 2) return null;
  const a = live.samples[Math.max(0, n - 6)], b = live.samples[n - 1];
  return b.t > a.t ? (b[key] - a[key]) / (b.t - a.t) : null;
}

/**
 * Seconds since a counter of the samples last changed within the current run, or null while the samples
 * cover less than minS of it (the page has not watched long enough to say).
 */
export function unchangedForS(key, minS) {
  const n = live.samples.length;
  if (n < 2) return null;
  const b = live.samples[n - 1];
  for (let i = n - 2; i >= 0; i--) {
    const a = live.samples[i];
    if (a.run !== b.run || a[key] !== b[key]) {
      const since = live.samples[i + 1].t;
      return b.t - since >= minS || a.run === b.run ? b.t - since : null;
    }
  }
  return b.t - live.samples[0].t >= minS ? b.t - live.samples[0].t : null;
}

/** The increase over the last minute of samples. */
export function lastMinute(key) {
  const n = live.samples.length;
  if (n < 2) return 0;
  const b = live.samples[n - 1];
  let a = live.samples[0];
  for (const x of live.samples) { if (x.t >= b.t - 60) { a = x; break; } }
  return Math.max(0, b[key] - a[key]);
}

/** The site's alarm limit, so the strip turns red exactly when the noData alarm does. */
export function silentLimitS() { return live.config && live.config.alarms ? live.config.alarms.noDataS : 10; }

/** The ESS pulse rate as the server counts pulses; null until the configuration is read. */
export function pulseRateHz() { return live.config && live.config.pulse ? live.config.pulse.rateHz : null; }
