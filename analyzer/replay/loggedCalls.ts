import type { Timestamp } from '../capture/timestamp';

/**
 * The program's own calls on one socket, as an attached log shows them, on the capture's clock:
 * what the `log` application model replays instead of assuming. Built from a log analysis by
 * analyzer/logs/programCalls.ts; the replay only reads these, so it needs nothing of the logs.
 */
export type CallKind = 'select' | 'recv' | 'send' | 'accept' | 'shutdown' | 'closesocket';

export const CALL_KINDS: readonly CallKind[] = ['select', 'recv', 'send', 'accept', 'shutdown', 'closesocket'];

export interface LoggedCall {
  readonly kind: CallKind;
  /** The call's logged time put on the capture's clock. */
  readonly ts: Timestamp;
  /** Bytes a recv or send returned, when the log says. */
  readonly bytes?: number;
  /** 0 for success, else the Winsock error the call failed with (WSAEWOULDBLOCK …). */
  readonly error: number;
  /** select: lNetworkEvents. */
  readonly mask?: number;
  /** shutdown: how, when the log says. */
  readonly how?: 'receive' | 'send' | 'both';
  /** Where it was logged: the log's index among those attached, and the line. */
  readonly log: number;
  readonly line: number;
}

/**
 * Which of the program's behaviours the log shows for this socket. A log that shows no recv at
 * all says nothing about reading (an ETW session without AFD's data events, a program that logs
 * only its FD_* reports): those behaviours stay as the `prompt` model assumes them, and the
 * output says which were assumed.
 */
export interface SocketCalls {
  /** In time order. */
  readonly calls: readonly LoggedCall[];
  readonly covers: ReadonlySet<CallKind>;
  /**
   * How far a call may be out of order with the packets (clock residuals, the log's time unit):
   * a recv that returned more than had arrived, or an accept before the connection was queued,
   * waits this long for the packet that makes it possible. ns.
   */
  readonly slackNs: number;
}

/** Where a socket's calls came from under the `log` model: said beside its timeline. */
export interface CallSources {
  /** Per kind of call the tied logs show: the log the calls were taken from, and how many there were. */
  readonly fromLog: readonly { readonly kind: CallKind; readonly log: string; readonly calls: number }[];
  /** Kinds no tied log shows: assumed as under `prompt`. */
  readonly assumed: readonly CallKind[];
}

/**
 * `accept ×1, closesocket ×1 from a.log; no recv, send (shown for other sockets); select,
 * shutdown as prompt (no log shows them)`.
 */
export function callSourcesText(c: CallSources): string {
  const byLog = new Map<string, string[]>();
  const none: string[] = [];
  for (const f of c.fromLog) {
    if (f.calls === 0) {
      none.push(f.kind);
      continue;
    }
    const list = byLog.get(f.log);
    const text = `${f.kind} ×${f.calls}`;
    if (list === undefined) byLog.set(f.log, [text]);
    else list.push(text);
  }
  const parts = [...byLog].map(([log, kinds]) => `${kinds.join(', ')} from ${log}`);
  // A log that shows these calls for other sockets shows that this one made none.
  if (none.length > 0) parts.push(`no ${none.join(', ')}`);
  if (c.assumed.length > 0) parts.push(`${c.assumed.join(', ')} as prompt (no log shows them)`);
  return `program's calls: ${parts.join('; ')}`;
}
