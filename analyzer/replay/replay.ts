import type { LocalDecision } from '../connections/localSides';
import type { ConnectionRecord } from '../connections/record';
import { PROFILES, type ProfileName } from '../model/profile';
import { compareProfiles } from './compareProfiles';
import { diagnose } from './diagnosis';
import { GroupRun, type SocketRun } from './groupRun';
import { groupInputs } from './inputs';
import type { SocketCalls } from './loggedCalls';
import type { ReplayOptions } from './options';
import { instantiate, type ReplayMemo } from './replayMemo';
import { planSockets, type PlannedSocket } from './socketPlan';
import type { SocketTimeline } from './timeline';

export interface ReplayResult {
  readonly options: ReplayOptions;
  /** In order of first frame. */
  readonly sockets: readonly SocketTimeline[];
  /** Connections none of whose ends is a local socket. */
  readonly unplaced: readonly ConnectionRecord[];
}

/**
 * Drives the event model with each local socket's happenings and the application model's calls,
 * under the chosen profile and, beside it, the other one, so every event that the other profile
 * reports differently says so.
 */
export function replayConnections(
  connections: readonly ConnectionRecord[],
  decide: (r: ConnectionRecord) => LocalDecision,
  options: ReplayOptions,
): ReplayResult {
  const plan = planSockets(connections, decide);
  const timelines = new Map<PlannedSocket, SocketTimeline>(replaySockets(plan.sockets, options).map((t) => [t.socket, t]));
  return { options, sockets: plan.sockets.map((s) => timelines.get(s)!), unplaced: plan.unplaced };
}

/**
 * Replays planned sockets group by group: a listener with its accepted sockets share a model;
 * every other socket is alone. With a memo (made for the same options), lone sockets shaped like
 * one replayed before reuse its runs.
 */
export function replaySockets(sockets: readonly PlannedSocket[], options: ReplayOptions, memo: ReplayMemo | null = null): SocketTimeline[] {
  const out: SocketTimeline[] = [];
  for (const s of sockets) {
    if (s.role === 'listener') out.push(...replayGroup([s, ...s.accepted], options, memo));
    else if (s.role !== 'accepted' || s.listener === null) out.push(...replayGroup([s], options, memo));
  }
  return out;
}

type Rules = ReadonlyMap<number, ReadonlySet<string>>;

/**
 * `logged`: the program's calls from its logs (application model `log`), for the sockets that
 * have them; such a group is never memoised, its calls being its own.
 */
export function replayGroup(
  group: readonly PlannedSocket[],
  options: ReplayOptions,
  memo: ReplayMemo | null = null,
  logged: ReadonlyMap<PlannedSocket, SocketCalls> | null = null,
): SocketTimeline[] {
  if (logged !== null) memo = null;
  const inputs = groupInputs(group);
  const other: ProfileName = options.profile === 'windows' ? 'documented' : 'windows';
  const key = memo === null ? null : memo.key(group, inputs);
  const known = key === null ? undefined : memo!.get(key);
  let mine: SocketRun[];
  let theirs: SocketRun[];
  let mineRules: Rules;
  let theirRules: Rules;
  if (known) {
    mine = [instantiate(known.mine, group[0]!, inputs)];
    theirs = [instantiate(known.theirs, group[0]!, inputs)];
    mineRules = known.mineRules;
    theirRules = known.theirRules;
  } else {
    const main = new GroupRun(PROFILES[options.profile], options, group, logged);
    const twin = new GroupRun(PROFILES[other], { ...options, profile: other }, group, logged);
    mine = main.run(inputs);
    theirs = twin.run(inputs);
    mineRules = main.stepRules;
    theirRules = twin.stepRules;
    // Kept before compareProfiles adds its divergences to the events.
    if (key !== null && known === undefined) memo!.keep(key, inputs, mine[0]!, theirs[0]!, mineRules, theirRules);
  }
  const rulesAt = (step: number): string[] => [...(mineRules.get(step) ?? []), ...(theirRules.get(step) ?? [])];
  return mine.map((run: SocketRun, i) => {
    const otherOnly = compareProfiles(run.events, theirs[i]!.events, other, rulesAt);
    return {
      socket: run.plan,
      events: run.events,
      otherOnly,
      diagnosis: diagnose(run, run.events, otherOnly, options.app, options.profile),
    };
  });
}
