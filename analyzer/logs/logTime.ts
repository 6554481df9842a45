import type { Timestamp } from '../capture/timestamp';
import type { LogTime } from './logRecord';

/**
 * Capture time minus log time, in nanoseconds, as a number: the two clocks are compared only
 * where they are close (an offset of hours is 3.6e12 ns, far inside a double's exact integers),
 * and a fraction of a nanosecond from a binary clock does not matter to an alignment.
 */
export function offsetNs(capture: Timestamp, log: LogTime): number {
  const captureNs = capture.unitsPerSec === 1e9 ? capture.frac : (capture.frac * 1e9) / capture.unitsPerSec;
  return (capture.sec - log.sec) * 1e9 + (captureNs - log.ns);
}

/** a − b in nanoseconds, as a number (the two are close: see offsetNs). */
export function diffNs(a: Timestamp, b: Timestamp): number {
  return (a.sec - b.sec) * 1e9 + (a.frac * 1e9) / a.unitsPerSec - (b.frac * 1e9) / b.unitsPerSec;
}

/** A log time moved by `shiftNs` onto the capture's clock, as a capture timestamp (ns units). */
export function shifted(log: LogTime, shiftNs: number): Timestamp {
  const whole = Math.floor(shiftNs / 1e9);
  let sec = log.sec + whole;
  let ns = log.ns + Math.round(shiftNs - whole * 1e9);
  while (ns >= 1e9) {
    ns -= 1e9;
    sec++;
  }
  while (ns < 0) {
    ns += 1e9;
    sec--;
  }
  return { sec, frac: ns, unitsPerSec: 1e9 };
}

/** Log time in seconds (float), for fitting a clock's drift: microsecond precision is plenty there. */
export function logSeconds(t: LogTime): number {
  return t.sec + t.ns / 1e9;
}

/** `+1 h 00 min 0.000231 s`, `-0.012345 s`: an offset the way a user compares it with a zone. */
export function offsetText(ns: number): string {
  const sign = ns < 0 ? '-' : '+';
  let rest = Math.abs(ns) / 1e9;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  rest -= minutes * 60;
  if (hours === 0 && minutes === 0) return `${sign}${rest.toFixed(6)} s`;
  return `${sign}${hours} h ${String(minutes).padStart(2, '0')} min ${rest.toFixed(6)} s`;
}

/** `2025-03-27 16:12:19.937105000` (as written, no zone conversion): how a log line's time is shown. */
export function logTimeText(t: LogTime): string {
  const d = new Date(t.sec * 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const clock = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(t.ns, 9)}`;
  if (t.zone === 'time-only') return clock;
  const date = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  return `${date} ${clock}${t.zone === 'utc' || t.zone === 'offset' ? ' UTC' : ''}`;
}
