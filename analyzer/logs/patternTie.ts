/**
 * Ties the subjects no address names (a program's socket handles) by the events they report:
 * the socket whose reconstruction has the same events at the same moments is the one. With an
 * aligned clock each subject is scored against each socket at that clock. Without one, the
 * clock is found at the same time: every pairing of a subject's first FD_CONNECT, FD_ACCEPT,
 * FD_CLOSE or FD_READ with a socket's first such event proposes an offset, and the offset under
 * which the most logged events find their reconstructed twin wins.
 */
import type { Timestamp } from '../capture/timestamp';
import type { FdName } from '../model/fdEvents';
import type { LoadedLog } from './loadedLog';
import type { LogTime } from './logRecord';
import type { LogSocket } from './logSockets';
import { diffNs, offsetNs, shifted } from './logTime';
import type { SubjectInfo } from './tie';

/** How far apart a logged event and its reconstructed twin may be and still match, ns. */
const EARLY_NS = 50e6;
const LATE_NS = 1e9;
const PROPOSERS: readonly FdName[] = ['FD_CONNECT', 'FD_ACCEPT', 'FD_CLOSE', 'FD_READ'];

interface Logged {
  readonly event: FdName;
  readonly time: LogTime;
}

/**
 * Ties what it can; the clock then follows from the ties' pairs (anchors.ts).
 */
export function tieByPattern(subjects: readonly SubjectInfo[], sockets: readonly LogSocket[], log: LoadedLog, knownOffset: ((t: LogTime) => number) | null): void {
  const open: { info: SubjectInfo; logged: Logged[] }[] = [];
  for (const info of subjects) {
    if (info.tie !== null) continue;
    const logged: Logged[] = [];
    for (const pf of info.facts) {
      const t = log.records[pf.record]!.time;
      if (pf.fact.kind === 'fd-event' && t !== null) logged.push({ event: pf.fact.event, time: t });
    }
    if (logged.length > 0) open.push({ info, logged });
  }
  if (open.length === 0) return;
  // A socket another subject of this log already is cannot be this one too.
  const taken = new Set<number>();
  for (const i of subjects) if (i.tie !== null) taken.add(i.tie.socket);
  let offsetOf = knownOffset;
  if (offsetOf === null) {
    const chosen = bestOffset(open, sockets);
    if (chosen === null) return;
    offsetOf = () => chosen;
  }
  // Subjects with the most logged events choose first: they are the surest.
  open.sort((a, b) => b.logged.length - a.logged.length);
  for (const { info, logged } of open) {
    // Most matching events first; among equals, the smallest total lag (clients of one server
    // log the same events, a few milliseconds apart).
    const ranked = sockets.filter((s) => !taken.has(s.id)).map((s) => ({ s, ...matchesWithLag(logged, s, offsetOf!) }))
      .sort((a, b) => b.n - a.n || a.lagNs - b.lagNs);
    const top = ranked[0];
    const next = ranked[1];
    const best = top === undefined || top.n === 0 ? null : top.s;
    const bestScore = top?.n ?? 0;
    const tied = next !== undefined && next.n === bestScore && Math.abs(next.lagNs - top!.lagNs) < 1_000;
    if (best === null || tied || bestScore * 2 < logged.length) {
      info.untied = best === null || bestScore === 0 ? 'no socket of the capture has its events at those times' : `its events fit several sockets equally (${bestScore} of ${logged.length})`;
      continue;
    }
    taken.add(best.id);
    info.tie = { socket: best.id, how: `${bestScore} of its ${logged.length} logged events match s${best.id}'s reconstruction in time`, confidence: 'pattern' };
  }
}

function bestOffset(open: readonly { logged: Logged[] }[], sockets: readonly LogSocket[]): number | null {
  const proposals: number[] = [];
  for (const { logged } of open) {
    for (const event of PROPOSERS) {
      const first = logged.find((l) => l.event === event);
      if (first === undefined) continue;
      for (const s of sockets) {
        const e = s.timeline.events.find((x) => x.event === event);
        if (e !== undefined) proposals.push(offsetNs(e.ts, first.time));
      }
      break;
    }
  }
  let best: number | null = null;
  let bestTotal = 0;
  // Bounded: a program log of thousands of sockets is scored on a spread sample of proposals.
  const step = Math.max(1, Math.ceil(proposals.length / 200));
  for (let i = 0; i < proposals.length; i += step) {
    const o = proposals[i]!;
    let total = 0;
    for (const { logged } of open) {
      let top = 0;
      for (const s of sockets) top = Math.max(top, matches(logged, s, () => o));
      total += top;
    }
    if (total > bestTotal) {
      bestTotal = total;
      best = o;
    }
  }
  return best;
}

function matches(logged: readonly Logged[], s: LogSocket, offsetOf: (t: LogTime) => number): number {
  return matchesWithLag(logged, s, offsetOf).n;
}

/**
 * How many logged events have a reconstructed event of the same name just before them (each
 * used once), and the sum of their lags, ns.
 */
function matchesWithLag(logged: readonly Logged[], s: LogSocket, offsetOf: (t: LogTime) => number): { n: number; lagNs: number } {
  const used = new Set<number>();
  let n = 0;
  let lagNs = 0;
  for (const l of logged) {
    const at: Timestamp = shifted(l.time, offsetOf(l.time));
    const events = s.timeline.events;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (used.has(i) || e.event !== l.event) continue;
      const lag = diffNs(at, e.ts);
      if (lag >= -EARLY_NS && lag <= LATE_NS) {
        used.add(i);
        n++;
        lagNs += Math.abs(lag);
        break;
      }
    }
  }
  return { n, lagNs };
}
