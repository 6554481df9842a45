/**
 * Logs beside the reconstruction: tie each log's subjects to sockets, put each log on the
 * capture's clock, and compare every socket's events with what the logs show. Per log, in this
 * order, because each step needs the one before: addresses tie what they can; those ties give
 * the anchor pairs that measure the clock; the clock settles port reuse and lets the program's
 * own handles be tied by their events; the pairs are then measured again with every tie made.
 */
import type { SocketTimeline } from '../replay/timeline';
import { anchorPairs } from './anchors';
import { correctionNs, estimateClock, type ClockEstimate } from './clock';
import { compareSocket, DEFAULT_COMPARE, type CompareOptions, type Comparison, type TiedFact } from './compare';
import type { LoadedLog } from './loadedLog';
import type { LogFact } from './logFact';
import type { LogTime } from './logRecord';
import { logSockets, type LogSocket } from './logSockets';
import { shifted } from './logTime';
import { tieByPattern } from './patternTie';
import { resolveByTime, subjectsOf, tieByAddress, type SubjectInfo } from './tie';

export interface LogClockOptions {
  /** Added to the estimate, ns (the user's "shift the clock"). */
  readonly shiftNs?: number;
  /** Replaces the estimate, ns (capture − log). */
  readonly offsetNs?: number | null;
}

export interface LogOptions {
  /** Per log, in the order the logs are given. */
  readonly clocks?: readonly LogClockOptions[];
  readonly compare?: CompareOptions;
}

export interface LogResult {
  readonly log: LoadedLog;
  readonly clock: ClockEstimate;
  /** Every subject the log names, tied or not (the untied ones say why). */
  readonly subjects: readonly SubjectInfo[];
}

export interface SocketLogView {
  readonly ties: readonly { readonly log: number; readonly subject: SubjectInfo }[];
  readonly comparisons: readonly Comparison[];
  /** The records of the socket's subjects, per log, in log order: the log lane. */
  readonly lane: readonly { readonly log: number; readonly record: number }[];
}

export interface LogAnalysis {
  readonly logs: readonly LogResult[];
  readonly bySocket: ReadonlyMap<number, SocketLogView>;
}

export function analyzeLogs(logs: readonly LoadedLog[], timelines: readonly SocketTimeline[], options: LogOptions = {}): LogAnalysis {
  const sockets = logSockets(timelines);
  const byId = new Map(sockets.map((s) => [s.id, s]));
  const results = logs.map((log, i) => analyzeOne(log, sockets, byId, options.clocks?.[i] ?? {}));
  const resolutions = results.map((r) => resolutionNs(r.log));
  const bySocket = new Map<number, SocketLogView>();
  for (const s of sockets) {
    const ties: { log: number; subject: SubjectInfo }[] = [];
    const facts: TiedFact[] = [];
    const lane: { log: number; record: number }[] = [];
    results.forEach((r, li) => {
      const records = new Set<number>();
      for (const info of r.subjects) {
        const tied = info.tie?.socket;
        if (tied === undefined) continue;
        if (tied !== s.id) {
          // TCP/IP completes an accept on the accepted connection's TCB; the FD_ACCEPT is its listener's.
          if (byId.get(tied)?.listener !== s.id) continue;
          for (const pf of info.facts) if (isAcceptCompletion(pf.fact)) facts.push({ fact: pf.fact, log: li, record: pf.record });
          continue;
        }
        ties.push({ log: li, subject: info });
        for (const pf of info.facts) {
          if (s.role === 'accepted' && isAcceptCompletion(pf.fact)) continue;
          facts.push({ fact: pf.fact, log: li, record: pf.record });
          records.add(pf.record);
        }
      }
      for (const record of [...records].sort((a, b) => a - b)) lane.push({ log: li, record });
    });
    if (ties.length === 0) continue;
    const dataFrames = new Set(s.happenings.filter((h) => h.kind === 'peer-sends' || h.kind === 'datagram' || h.kind === 'peer-sends-oob').map((h) => h.frame));
    const comparisons = compareSocket(s.timeline.events, facts, logs, results.map((r) => r.clock), options.compare ?? DEFAULT_COMPARE, resolutions, dataFrames);
    bySocket.set(s.id, { ties, comparisons, lane });
  }
  return { logs: results, bySocket };
}

function analyzeOne(log: LoadedLog, sockets: readonly LogSocket[], byId: ReadonlyMap<number, LogSocket>, clockOptions: LogClockOptions): LogResult {
  const subjects = subjectsOf(log);
  const list = [...subjects.values()];
  tieByAddress(subjects, sockets, log);
  const zone = zoneOf(log);
  const shift = clockOptions.shiftNs ?? 0;
  const manual = clockOptions.offsetNs ?? null;
  let clock = estimateClock(anchorPairs(log, list, byId), zone, shift, manual);
  const aligned = (c: ClockEstimate) => (t: LogTime) => shifted(t, correctionNs(c, t));
  if (clock.how !== 'none') resolveByTime(subjects, sockets, aligned(clock), log);
  const known = clock.how === 'none' ? null : (t: LogTime) => correctionNs(clock, t);
  tieByPattern(list, sockets, log, known);
  // Measured again: the ties made since add pairs (and a program-only log gets its clock here).
  const pairs = anchorPairs(log, list, byId);
  if (manual === null && pairs.length > 0) clock = estimateClock(pairs, zone, shift, null);
  return { log, clock, subjects: list };
}

function isAcceptCompletion(f: LogFact): boolean {
  return f.kind === 'tcp' && f.what === 'accept-complete';
}

/**
 * The unit a log's times are written in: 1 s when every time is whole seconds (Get-WinEvent's
 * culture dates), 1 ms when every one is whole milliseconds, else finer (0).
 */
export function resolutionNs(log: LoadedLog): number {
  let seconds = true;
  let millis = true;
  let any = false;
  for (const r of log.records) {
    if (r.time === null) continue;
    any = true;
    if (r.time.ns !== 0) seconds = false;
    if (r.time.ns % 1e6 !== 0) millis = false;
    if (!seconds && !millis) return 0;
  }
  return !any ? 0 : seconds ? 1e9 : millis ? 1e6 : 0;
}

/** The zone most of the log's times are written in (formats write one kind throughout). */
function zoneOf(log: LoadedLog): LogTime['zone'] | null {
  for (const r of log.records) if (r.time !== null) return r.time.zone;
  return null;
}
