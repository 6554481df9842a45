/**
 * The `log` application model end to end: the sockets replayed first under `prompt` are what
 * the logs are tied to and their clocks measured against (neither depends on the program's
 * calls); the program's logged calls then replay every group that has some, and the logs are
 * compared with that second replay. Ties are made again on it, since a program log's handles
 * are tied by the events it reported, which the second replay may now match better.
 */
import type { SocketCalls } from '../replay/loggedCalls';
import type { ReplayOptions } from '../replay/options';
import { replayGroup } from '../replay/replay';
import type { PlannedSocket } from '../replay/socketPlan';
import type { SocketTimeline } from '../replay/timeline';
import type { LoadedLog } from './loadedLog';
import { analyzeLogs, resolutionNs, type LogAnalysis, type LogOptions } from './logAnalysis';
import { programCalls } from './programCalls';

export interface FromLogReplay {
  /** In the order given, those with logged calls replaced. */
  readonly timelines: readonly SocketTimeline[];
  readonly analysis: LogAnalysis;
  /** Logs that show calls which could not be used, each with why (`name: why`). */
  readonly unused: readonly string[];
}

export function replayFromLogs(timelines: readonly SocketTimeline[], logs: readonly LoadedLog[], options: ReplayOptions, logOptions: LogOptions = {}): FromLogReplay {
  const first = analyzeLogs(logs, timelines, logOptions);
  const calls = programCalls(first, logs.map(resolutionNs));
  const byPlan = new Map<PlannedSocket, SocketCalls>();
  for (const t of timelines) {
    const c = calls.bySocket.get(t.socket.id);
    if (c !== undefined) byPlan.set(t.socket, c);
  }
  const replaced = new Map<number, SocketTimeline>();
  for (const t of timelines) {
    const s = t.socket;
    // An accepted socket replays with its listener: they share one model.
    if (s.role === 'accepted' && s.listener !== null) continue;
    const group = s.role === 'listener' ? [s, ...s.accepted] : [s];
    if (!group.some((g) => byPlan.has(g))) continue;
    for (const n of replayGroup(group, options, null, byPlan)) {
      const c = calls.bySocket.get(n.socket.id);
      replaced.set(n.socket.id, c === undefined ? n : { ...n, program: { fromLog: c.fromLog, assumed: c.assumed } });
    }
  }
  const out = timelines.map((t) => replaced.get(t.socket.id) ?? t);
  return { timelines: out, analysis: analyzeLogs(logs, out, logOptions), unused: calls.unused.map((u) => `${logs[u.log]!.name}: its calls were not used (application model log): ${u.why}`) };
}
