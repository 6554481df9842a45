/**
 * Puts a log's times on the capture's clock.
 *
 * Capture time is UTC; a netsh or program log is the machine's local wall time with no zone,
 * sometimes with a wrong zone or a clock that runs apart from the capturing one. Nothing is
 * assumed about the zone: the offset is measured from anchor pairs (anchors.ts) as the median
 * of (capture − log), which a few mis-paired events cannot move, and a drift is fitted
 * (Theil–Sen, robust in the same way) when the pairs span long enough to show one. The offset
 * is then read as a zone (the nearest quarter hour) plus the clocks' own disagreement, which is
 * what a user checks first.
 */
import type { Timestamp } from '../capture/timestamp';
import type { ClockPair } from './anchors';
import type { LogTime } from './logRecord';
import { logSeconds, offsetNs, offsetText, shifted } from './logTime';

export interface Residual {
  readonly pair: ClockPair;
  /** Capture time minus the aligned log time, ns: positive when the log writes the event before the packet. */
  readonly ns: number;
}

export interface ClockEstimate {
  /**
   * `estimated` from anchor pairs; `stated` the log's own zone was taken (no pairs, but the times
   * carry a zone); `manual` the user set it; `none` nothing to go on (shown unaligned).
   */
  readonly how: 'estimated' | 'stated' | 'manual' | 'none';
  /** Capture minus log at `refSeconds` of log time, ns (before any manual shift). */
  readonly offsetNs: number;
  /** How much faster the capture's clock runs, in parts per million of log time (0 when no drift was shown). */
  readonly driftPpm: number;
  readonly refSeconds: number;
  /** The user's shift added on top, ns. */
  readonly shiftNs: number;
  readonly pairs: number;
  readonly residuals: readonly Residual[];
  /** Median and largest absolute residual, ns. */
  readonly medianResidualNs: number;
  readonly maxResidualNs: number;
  /** One line for the user: what the offset means. */
  readonly summary: string;
}

/** Drift is fitted only over this much log time: over a few seconds a clock drifts less than the latencies. */
const MIN_DRIFT_SPAN_S = 30;
/** And kept only when it takes at least this much off the residuals. */
const DRIFT_GAIN = 0.7;

export function estimateClock(pairs: readonly ClockPair[], zone: LogTime['zone'] | null, shiftNs = 0, manualNs: number | null = null): ClockEstimate {
  if (manualNs !== null) return finish('manual', manualNs, 0, 0, shiftNs, pairs, zone);
  // Wire anchors when there are any: the program's reported events lag by its reaction time.
  const wire = pairs.filter((p) => !p.fromProgram);
  const use = wire.length > 0 ? wire : pairs;
  if (use.length === 0) {
    const stated = zone === 'utc' || zone === 'offset';
    return finish(stated ? 'stated' : 'none', 0, 0, 0, shiftNs, pairs, zone);
  }
  const d = use.map((p) => offsetNs(p.capture, p.log));
  const t = use.map((p) => logSeconds(p.log));
  const ref = median(t);
  const offset = median(d);
  let drift = 0;
  let base = offset;
  if (Math.max(...t) - Math.min(...t) >= MIN_DRIFT_SPAN_S && use.length >= 3) {
    const slope = theilSen(t, d);
    const intercept = median(d.map((v, i) => v - slope * (t[i]! - ref)));
    const flat = median(d.map((v) => Math.abs(v - offset)));
    const fitted = median(d.map((v, i) => Math.abs(v - intercept - slope * (t[i]! - ref))));
    if (fitted < flat * DRIFT_GAIN) {
      drift = slope / 1e3; // ns per s → ppm
      base = intercept;
    }
  }
  return finish('estimated', base, drift, ref, shiftNs, pairs, zone);
}

function finish(how: ClockEstimate['how'], offset: number, driftPpm: number, ref: number, shiftNs: number, pairs: readonly ClockPair[], zone: LogTime['zone'] | null): ClockEstimate {
  const partial = { how, offsetNs: offset, driftPpm, refSeconds: ref, shiftNs };
  const residuals = pairs.map((pair) => ({ pair, ns: offsetNs(pair.capture, pair.log) - correctionNs(partial, pair.log) }));
  const abs = residuals.filter((r) => !r.pair.fromProgram || pairs.every((p) => p.fromProgram)).map((r) => Math.abs(r.ns));
  return {
    ...partial, pairs: pairs.length, residuals,
    medianResidualNs: abs.length === 0 ? 0 : median(abs), maxResidualNs: abs.length === 0 ? 0 : Math.max(...abs),
    summary: summary(how, offset, driftPpm, shiftNs, zone, pairs.length),
  };
}

/** What to add to a log time to get capture time, ns. */
export function correctionNs(c: Pick<ClockEstimate, 'offsetNs' | 'driftPpm' | 'refSeconds' | 'shiftNs'>, t: LogTime): number {
  return c.offsetNs + c.driftPpm * 1e3 * (logSeconds(t) - c.refSeconds) + c.shiftNs;
}

export function toCaptureTime(c: ClockEstimate, t: LogTime): Timestamp {
  return shifted(t, correctionNs(c, t));
}

const QUARTER_HOUR_NS = 15 * 60 * 1e9;
const DAY_NS = 86_400 * 1e9;

function summary(how: ClockEstimate['how'], offset: number, driftPpm: number, shiftNs: number, zone: LogTime['zone'] | null, pairs: number): string {
  const shift = shiftNs === 0 ? '' : `, shifted by hand ${offsetText(shiftNs)}`;
  if (how === 'manual') return `offset set by hand to ${offsetText(offset)}${shift}`;
  if (how === 'none') return `no log event pairs with a packet, and the log's times carry no zone: shown unaligned${shift}; shift the clock by hand`;
  if (how === 'stated') return `no log event pairs with a packet: the log's own zone is taken as right${shift}`;
  // A time-only log is measured from 1970-01-01: the whole days are the capture's date.
  const days = zone === 'time-only' ? Math.round(offset / DAY_NS) : 0;
  const inDay = offset - days * DAY_NS;
  const zoneNs = Math.round(inDay / QUARTER_HOUR_NS) * QUARTER_HOUR_NS;
  const clockNs = inDay - zoneNs;
  const drift = driftPpm === 0 ? '' : `, the capture's clock running ${Math.abs(driftPpm).toFixed(1)} ppm ${driftPpm > 0 ? 'faster' : 'slower'}`;
  const dated = zone === 'time-only' ? 'the log has no dates (the capture\'s day is taken); ' : '';
  let zoneText: string;
  if (zoneNs === 0) zoneText = zone === 'local' || zone === 'time-only' ? 'the log is in UTC' : 'the log\'s stated zone is right';
  else {
    const h = -zoneNs / 3.6e12;
    const name = `UTC${h >= 0 ? '+' : '−'}${String(Math.floor(Math.abs(h))).padStart(2, '0')}:${String(Math.round((Math.abs(h) % 1) * 60)).padStart(2, '0')}`;
    zoneText = zone === 'utc' || zone === 'offset'
      ? `the log's stated zone is off by ${offsetText(zoneNs).replace(/ 0\.000000 s$/, '')} (a zone or daylight-saving mistake)`
      : `the log's local zone is ${name}`;
  }
  return `${dated}${zoneText}; beyond that the clocks differ by ${offsetText(clockNs)}${drift} (from ${pairs} pair${pairs === 1 ? '' : 's'})${shift}`;
}

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median of pairwise slopes; at most 400 points (a sample spread over the log), so at most 80k slopes. */
function theilSen(x: readonly number[], y: readonly number[]): number {
  const step = Math.max(1, Math.ceil(x.length / 400));
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i += step) {
    for (let j = i + step; j < x.length; j += step) {
      const dx = x[j]! - x[i]!;
      if (Math.abs(dx) > 1e-3) slopes.push((y[j]! - y[i]!) / dx);
    }
  }
  return slopes.length === 0 ? 0 : median(slopes);
}
