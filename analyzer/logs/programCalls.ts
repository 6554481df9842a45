/**
 * The program's own calls per socket, from the attached logs, for the `log` application model
 * (analyzer/replay/loggedCalls.ts says what the replay does with them).
 *
 * Which calls a log can show is a property of the log, not of one socket: an ETW session with
 * AFD's data events shows every recv, so a socket tied to it with no recv never read; a program
 * log that writes only its FD_* reports shows no call at all. So a kind of call counts as shown
 * for a socket when any record of a log the socket is tied to is such a call. When two logs (or
 * two identities in one log: an AFD endpoint and a SOCKET handle) show the same kind for the same
 * socket, one of them is taken, the one that shows the most, so that no call is made twice.
 */
import type { Timestamp } from '../capture/timestamp';
import { CALL_KINDS, type CallKind, type CallSources, type LoggedCall, type SocketCalls } from '../replay/loggedCalls';
import { compareTimestamps } from '../capture/timestamp';
import { toCaptureTime } from './clock';
import type { LoadedLog } from './loadedLog';
import type { LogFact } from './logFact';
import type { LogAnalysis } from './logAnalysis';

export interface ProgramCalls {
  readonly bySocket: ReadonlyMap<number, SocketCalls & CallSources>;
  /** Logs that show calls which cannot be placed between the packets: not used, and why. */
  readonly unused: readonly { readonly log: number; readonly why: string }[];
}

/** A call may be out of order with the packets by at least this much (a program log's millisecond). */
const MIN_SLACK_NS = 1e6;
/** And by the clock's worst residual this many times over. */
const RESIDUAL_FACTOR = 4;
/**
 * Calls written in coarser units than this cannot be put between packets (Get-WinEvent's
 * culture dates keep whole seconds, when a connection lasts milliseconds).
 */
const MAX_RESOLUTION_NS = 10e6;

export function programCalls(analysis: LogAnalysis, resolutions: readonly number[]): ProgramCalls {
  const shown = analysis.logs.map((r) => kindsShown(r.log));
  const unused: { log: number; why: string }[] = [];
  /** socket → kind → candidate call lists, one per (log, subject). */
  const candidates = new Map<number, Map<CallKind, { log: number; calls: LoggedCall[] }[]>>();
  const tiedLogs = new Map<number, Set<number>>();
  analysis.logs.forEach((result, li) => {
    if (shown[li]!.size > 0 && result.clock.how === 'none') {
      unused.push({ log: li, why: 'its times could not be put on the capture\'s clock; give --log-offset or --log-shift' });
      return;
    }
    if (shown[li]!.size > 0 && (resolutions[li] ?? 0) > MAX_RESOLUTION_NS) {
      unused.push({ log: li, why: `its times are in whole ${resolutions[li]! >= 1e9 ? 'seconds' : 'units of ' + resolutions[li]! / 1e6 + ' ms'}, too coarse to put its calls between the packets` });
      return;
    }
    if (result.clock.how === 'none') return;
    for (const info of result.subjects) {
      const socket = info.tie?.socket;
      if (socket === undefined) continue;
      let logs = tiedLogs.get(socket);
      if (logs === undefined) tiedLogs.set(socket, (logs = new Set()));
      logs.add(li);
      const bySubject = new Map<CallKind, LoggedCall[]>();
      for (const pf of info.facts) {
        const record = result.log.records[pf.record]!;
        if (record.time === null) continue;
        const call = callOf(pf.fact, toCaptureTime(result.clock, record.time), li, record.line);
        if (call === null) continue;
        const list = bySubject.get(call.kind);
        if (list === undefined) bySubject.set(call.kind, [call]);
        else list.push(call);
      }
      let kinds = candidates.get(socket);
      if (kinds === undefined) candidates.set(socket, (kinds = new Map()));
      for (const [kind, calls] of bySubject) {
        const list = kinds.get(kind);
        if (list === undefined) kinds.set(kind, [{ log: li, calls }]);
        else list.push({ log: li, calls });
      }
    }
  });

  const bySocket = new Map<number, SocketCalls & CallSources>();
  for (const [socket, logs] of tiedLogs) {
    const covers = new Set<CallKind>();
    for (const li of logs) for (const k of shown[li]!) covers.add(k);
    if (covers.size === 0) continue;
    const calls: LoggedCall[] = [];
    const fromLog: { kind: CallKind; log: string; calls: number }[] = [];
    for (const kind of CALL_KINDS) {
      if (!covers.has(kind)) continue;
      const options = candidates.get(socket)?.get(kind) ?? [];
      // A kind shown by the logs but not for this socket: the program made no such call.
      const best = options.reduce<{ log: number; calls: LoggedCall[] } | null>((a, b) => (a === null || b.calls.length > a.calls.length ? b : a), null);
      const source = best?.log ?? [...logs].find((li) => shown[li]!.has(kind))!;
      fromLog.push({ kind, log: analysis.logs[source]!.log.name, calls: best?.calls.length ?? 0 });
      if (best !== null) calls.push(...best.calls);
    }
    calls.sort((a, b) => compareTimestamps(a.ts, b.ts) || a.line - b.line);
    const slackNs = Math.max(MIN_SLACK_NS, ...[...logs].map((li) => Math.max(RESIDUAL_FACTOR * analysis.logs[li]!.clock.maxResidualNs, resolutions[li] ?? 0)));
    bySocket.set(socket, { calls, covers, slackNs, fromLog, assumed: CALL_KINDS.filter((k) => !covers.has(k)) });
  }
  return { bySocket, unused };
}

/** The kinds of call any record of the log is. */
function kindsShown(log: LoadedLog): Set<CallKind> {
  const kinds = new Set<CallKind>();
  for (const pf of log.facts) {
    const k = callKind(pf.fact);
    if (k !== null) kinds.add(k);
  }
  return kinds;
}

function callKind(f: LogFact): CallKind | null {
  switch (f.kind) {
    case 'select': case 'recv': case 'send': case 'accept': case 'shutdown': case 'closesocket': return f.kind;
    // TCP/IP's graceful disconnect of a connection still open: the program's shutdown (closesocket is `close`).
    case 'tcp': return f.what === 'shutdown' ? 'shutdown' : null;
    default: return null;
  }
}

function callOf(f: LogFact, ts: Timestamp, log: number, line: number): LoggedCall | null {
  const base = { ts, log, line };
  switch (f.kind) {
    case 'select': return { ...base, kind: 'select', error: 0, mask: f.mask };
    case 'recv': case 'send': return { ...base, kind: f.kind, error: f.error, ...(f.bytes !== undefined ? { bytes: f.bytes } : {}) };
    case 'accept': return { ...base, kind: 'accept', error: f.error };
    case 'shutdown': return { ...base, kind: 'shutdown', error: f.error, ...(f.how !== undefined ? { how: f.how } : {}) };
    case 'tcp': return f.what === 'shutdown' ? { ...base, kind: 'shutdown', error: f.error ?? 0, how: 'send' } : null;
    // A close whose outcome the log does not give went through: closesocket rarely fails.
    case 'closesocket': return { ...base, kind: 'closesocket', error: f.error ?? 0 };
    default: return null;
  }
}
