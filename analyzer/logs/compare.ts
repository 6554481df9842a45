/**
 * Each reconstructed event against what a log shows for its socket.
 *
 * A program's own log says which events the program saw: every reconstructed event is looked
 * for there (same event, nearest aligned time within a window), and whatever the program
 * logged that the reconstruction lacks is extra. An ETW log shows the causes instead (AFD's
 * connect completion, connection, data and disconnect indications, TCP/IP's resets): an event
 * with a cause the log should show is looked for among them, and a cause that always makes an
 * event (a completed connect, an indicated connection, a disconnect or abort) but has none in
 * the reconstruction is extra. FD_WRITE and FD_OOB have no ETW trace: they are not judged.
 */
import { compareTimestamps, formatSeconds, type Timestamp } from '../capture/timestamp';
import type { FdName } from '../model/fdEvents';
import { wsaCode, wsaName } from '../model/winsockErrors';
import type { TimelineEvent } from '../replay/timeline';
import { toCaptureTime, type ClockEstimate } from './clock';
import type { LogFact } from './logFact';
import type { LoadedLog } from './loadedLog';
import { diffNs as lagNs } from './logTime';

export type Verdict = 'matched' | 'missing' | 'extra' | 'late' | 'error';

export interface LogEvidence {
  /** Index of the log among those attached. */
  readonly log: number;
  /** Index into that log's records, and the record's line. */
  readonly record: number;
  readonly line: number;
  /** The log's time put on the capture's clock. */
  readonly ts: Timestamp;
  /** What the log shows, in a few words (`FD_CLOSE(WSAECONNABORTED)`, `disconnect indicated`). */
  readonly text: string;
  /** The error the evidence implies: a code, `nonzero` (an abort whose code the log does not give), or null when it says nothing. */
  readonly error: number | 'nonzero' | null;
}

export interface Comparison {
  readonly verdict: Verdict;
  readonly event: FdName;
  /** The reconstructed event (null for `extra`). */
  readonly reconstructed: TimelineEvent | null;
  readonly evidence: LogEvidence | null;
  readonly reason: string;
}

export interface CompareOptions {
  /** Matched evidence later than this after the reconstructed time is `late`, ns. */
  readonly lateNs: number;
  /** Evidence is looked for this long after the reconstructed time, and `earlyNs` before, ns. */
  readonly windowNs: number;
  readonly earlyNs: number;
}

/** Per log: the coarsest unit its times are written in, ns (a CSV culture date keeps whole seconds). */
export type LogResolutions = readonly number[];

export const DEFAULT_COMPARE: CompareOptions = { lateNs: 100e6, windowNs: 2e9, earlyNs: 50e6 };

/** A fact tied to the socket, with its log and the clock that log is on. */
export interface TiedFact {
  readonly fact: LogFact;
  readonly log: number;
  readonly record: number;
}

interface Candidate {
  readonly event: FdName;
  readonly evidence: LogEvidence;
  /** A cause that always makes the event: its absence from the reconstruction is a finding. */
  readonly mustEvent: boolean;
  readonly program: boolean;
  used: boolean;
  /** The log's time unit: a time written in whole seconds may lie up to that much before the event. */
  slackNs: number;
}

export function compareSocket(events: readonly TimelineEvent[], facts: readonly TiedFact[], logs: readonly LoadedLog[],
  clocks: readonly ClockEstimate[], options: CompareOptions = DEFAULT_COMPARE, resolutions: LogResolutions = [],
  dataFrames: ReadonlySet<number> | null = null): Comparison[] {
  const candidates: Candidate[] = [];
  let programSeen = false;
  const etwKinds = new Set<FdName>();
  /** When a log shows the program closing the socket: nothing is reported after that, whatever is indicated. */
  let closedAt: Timestamp | null = null;
  for (const tf of facts) {
    const rec = logs[tf.log]!.records[tf.record]!;
    if (rec.time === null || clocks[tf.log]!.how === 'none') continue;
    const ts = toCaptureTime(clocks[tf.log]!, rec.time);
    if (tf.fact.kind === 'closesocket' && (closedAt === null || compareTimestamps(ts, closedAt) < 0)) closedAt = ts;
    const c = candidateOf(tf.fact, { log: tf.log, record: tf.record, line: rec.line, ts });
    if (c === null) continue;
    c.slackNs = resolutions[tf.log] ?? 0;
    if (c.program) programSeen = true;
    else etwKinds.add(c.event);
    candidates.push(c);
  }
  // A program's log is the direct witness; ETW only for the events it can show.
  const byEvent = groupByEvent(candidates.filter((c) => !programSeen || c.program), (c) => c.evidence.ts);
  const slack = candidates.reduce((m, c) => Math.max(m, c.slackNs), 0);
  // Unused evidence left per event: none at all says more than none nearby.
  const unused = new Map([...byEvent].map(([k, list]) => [k, list.length]));
  const out: Comparison[] = [];
  for (const e of events) {
    if (!programSeen && !judgedByEtw(e, dataFrames)) continue;
    if ((unused.get(e.event) ?? 0) === 0) {
      if (programSeen) out.push({ verdict: 'missing', event: e.event, reconstructed: e, evidence: null, reason: `${eventText(e.event, e.error)} at ${where(e)}: the program's log shows none` });
      else if (etwKinds.size > 0) out.push({ verdict: 'missing', event: e.event, reconstructed: e, evidence: null, reason: `${eventText(e.event, e.error)} at ${where(e)}: the log shows no ${causeText(e.event)}` });
      continue;
    }
    const pool = near(byEvent.get(e.event), e.ts, options.earlyNs + slack, options.windowNs + slack, (c) => c.evidence.ts).filter((c) => !c.used);
    const best = nearest(pool, e.ts, options);
    if (best === null) {
      out.push({ verdict: 'missing', event: e.event, reconstructed: e, evidence: null,
        reason: `${eventText(e.event, e.error)} at ${where(e)}: nothing in the log within ${options.earlyNs / 1e6} ms before to ${options.windowNs / 1e9} s after` });
      continue;
    }
    best.used = true;
    unused.set(e.event, unused.get(e.event)! - 1);
    const ev = best.evidence;
    const lag = lagNs(ev.ts, e.ts);
    if (ev.error !== null && !errorAgrees(ev.error, e.error)) {
      const other = e.divergence === undefined ? '' : ` (${e.divergence})`;
      out.push({ verdict: 'error', event: e.event, reconstructed: e, evidence: ev,
        reason: `the log (line ${ev.line}) shows ${ev.text}; the wire implies ${eventText(e.event, e.error)} at ${where(e)}${other}` });
    } else if (lag > options.lateNs + best.slackNs) {
      out.push({ verdict: 'late', event: e.event, reconstructed: e, evidence: ev,
        reason: `logged ${(lag / 1e6).toFixed(1)} ms after ${where(e)} (line ${ev.line})${best.program ? ': the program was slow to handle it, or its clock jumped' : ''}` });
    } else {
      out.push({ verdict: 'matched', event: e.event, reconstructed: e, evidence: ev, reason: `line ${ev.line}, ${signedMs(lag)} from ${where(e)}` });
    }
  }
  const eventsByName = groupByEvent(events, (e) => e.ts);
  for (const c of candidates) {
    if (c.used || !(c.program || c.mustEvent)) continue;
    if (programSeen && !c.program) continue;
    // AFD still indicates what reaches an endpoint being closed (the peer's FIN after ours).
    if (!c.program && closedAt !== null && compareTimestamps(c.evidence.ts, closedAt) > 0) continue;
    // A second witness of an event already matched (AFD's connect completion and TCP/IP's) is
    // not another event.
    if (!c.program && near(eventsByName.get(c.event), c.evidence.ts, options.windowNs + c.slackNs, options.earlyNs + c.slackNs, (e) => e.ts).length > 0) continue;
    out.push({ verdict: 'extra', event: c.event, reconstructed: null, evidence: c.evidence,
      reason: `the log (line ${c.evidence.line}) shows ${c.evidence.text} at ${formatSeconds(c.evidence.ts)}; the reconstruction has no ${c.event} near it` });
  }
  out.sort((a, b) => compareTimestamps(a.reconstructed?.ts ?? a.evidence!.ts, b.reconstructed?.ts ?? b.evidence!.ts));
  return out;
}

function candidateOf(f: LogFact, at: { log: number; record: number; line: number; ts: Timestamp }): Candidate | null {
  const make = (event: FdName, text: string, error: number | 'nonzero' | null, mustEvent: boolean, program = false): Candidate =>
    ({ event, evidence: { ...at, text, error }, mustEvent, program, used: false, slackNs: 0 });
  switch (f.kind) {
    case 'fd-event': return make(f.event, eventText(f.event, f.error), f.error, true, true);
    case 'connect':
      if (f.phase !== 'complete' || f.status === 0x103) return null;
      return make('FD_CONNECT', `connect completed${f.error ? ` with ${wsaName(f.error)}` : ''}`, f.error ?? 0, true);
    case 'connect-indication': return make('FD_ACCEPT', 'connection indicated', null, true);
    case 'data-indication': return make('FD_READ', `data indicated${f.bytes === undefined ? '' : ` (${f.bytes} bytes)`}`, null, false);
    case 'disconnect-indication': return make('FD_CLOSE', 'disconnect indicated (graceful)', 0, true);
    case 'abort': return f.by === 'transport' ? make('FD_CLOSE', 'transport abort', 'nonzero', true) : null;
    case 'tcp':
      switch (f.what) {
        case 'connect-complete': return make('FD_CONNECT', 'TCP connect completed', 0, true);
        case 'connect-failed': return make('FD_CONNECT', `TCP connect failed${f.error ? ` (${wsaName(f.error)})` : ''}`, f.error || 'nonzero', true);
        case 'connect-rst': return make('FD_CONNECT', 'TCP connect failed: RST', wsaCode('WSAECONNREFUSED'), true);
        case 'connect-timeout': return make('FD_CONNECT', 'TCP connect timed out', wsaCode('WSAETIMEDOUT'), true);
        case 'accept-complete': return make('FD_ACCEPT', 'TCP accept completed', null, true);
        case 'rst-received': return make('FD_CLOSE', 'TCP received RST', 'nonzero', true);
        case 'rto-timeout': return make('FD_CLOSE', 'TCP retransmission timeout', 'nonzero', true);
        case 'keepalive-timeout': return make('FD_CLOSE', 'TCP keep-alive timeout', 'nonzero', true);
        default: return null;
      }
    default: return null;
  }
}

/**
 * Events whose cause ETW shows. An FD_READ that no arriving data caused (a datagram socket's
 * ICMP port unreachable makes the next recvfrom fail) has no data indication; an event that a
 * call recorded again (a level-triggered FD_ACCEPT or FD_READ after an accept or recv that left
 * more pending) has no cause of its own: no frame caused it.
 */
function judgedByEtw(e: TimelineEvent, dataFrames: ReadonlySet<number> | null): boolean {
  if (e.frames.length === 0) return false;
  if (e.event === 'FD_READ') return e.error === 0 && (dataFrames === null || e.frames.some((f) => dataFrames.has(f)));
  return e.event === 'FD_CONNECT' || e.event === 'FD_ACCEPT' || e.event === 'FD_CLOSE';
}

function causeText(e: FdName): string {
  switch (e) {
    case 'FD_CONNECT': return 'connect completion';
    case 'FD_ACCEPT': return 'connection indication';
    case 'FD_READ': return 'data indication';
    default: return 'disconnect indication or abort';
  }
}

/** Items per event name, in time order. */
function groupByEvent<T extends { readonly event: FdName }>(items: readonly T[], ts: (x: T) => Timestamp): Map<FdName, T[]> {
  const m = new Map<FdName, T[]>();
  for (const x of items) {
    const list = m.get(x.event);
    if (list === undefined) m.set(x.event, [x]);
    else list.push(x);
  }
  for (const list of m.values()) list.sort((a, b) => compareTimestamps(ts(a), ts(b)));
  return m;
}

/**
 * The items of a time-ordered list from `beforeNs` before `at` to `afterNs` after it: a binary
 * search to the start, so a socket with thousands of reads and indications stays linear.
 */
function near<T>(list: readonly T[] | undefined, at: Timestamp, beforeNs: number, afterNs: number, ts: (x: T) => Timestamp): T[] {
  if (list === undefined) return [];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lagNs(ts(list[mid]!), at) < -beforeNs) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < list.length && lagNs(ts(list[i]!), at) <= afterNs; i++) out.push(list[i]!);
  return out;
}

function withinWindow(lag: number, slack: number, o: CompareOptions): boolean {
  return lag >= -o.earlyNs - slack && lag <= o.windowNs + slack;
}

function nearest(pool: Candidate[], ts: Timestamp, o: CompareOptions): Candidate | null {
  let best: Candidate | null = null;
  let bestAbs = Infinity;
  for (const c of pool) {
    const lag = lagNs(c.evidence.ts, ts);
    if (!withinWindow(lag, c.slackNs, o)) continue;
    if (Math.abs(lag) < bestAbs) {
      bestAbs = Math.abs(lag);
      best = c;
    }
  }
  return best;
}

function errorAgrees(logged: number | 'nonzero', reconstructed: number): boolean {
  return logged === 'nonzero' ? reconstructed !== 0 : logged === reconstructed;
}

export function eventText(event: FdName, error: number): string {
  return error === 0 ? event : `${event}(${wsaName(error)})`;
}

function where(e: TimelineEvent): string {
  return `${formatSeconds(e.ts)}${e.frames.length === 0 ? '' : ` (frame ${e.frames.join(', ')})`}`;
}

function signedMs(ns: number): string {
  return `${ns >= 0 ? '+' : '−'}${(Math.abs(ns) / 1e6).toFixed(3)} ms`;
}
