import type { LocalDecision } from '../connections/localSides';
import type { ConnectionRecord } from '../connections/record';
import { PROFILES, type ProfileName } from '../model/profile';
import { compareProfiles } from './compareProfiles';
import { diagnose } from './diagnosis';
import { GroupRun, type SocketRun } from './groupRun';
import { groupInputs } from './inputs';
import type { ReplayOptions } from './options';
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

/** Replays planned sockets group by group: a listener with its accepted sockets share a model; every other socket is alone. */
export function replaySockets(sockets: readonly PlannedSocket[], options: ReplayOptions): SocketTimeline[] {
  const out: SocketTimeline[] = [];
  for (const s of sockets) {
    if (s.role === 'listener') out.push(...replayGroup([s, ...s.accepted], options));
    else if (s.role !== 'accepted' || s.listener === null) out.push(...replayGroup([s], options));
  }
  return out;
}

export function replayGroup(group: readonly PlannedSocket[], options: ReplayOptions): SocketTimeline[] {
  const inputs = groupInputs(group);
  const other: ProfileName = options.profile === 'windows' ? 'documented' : 'windows';
  const main = new GroupRun(PROFILES[options.profile], options, group);
  const twin = new GroupRun(PROFILES[other], { ...options, profile: other }, group);
  const mine = main.run(inputs);
  const theirs = twin.run(inputs);
  const rulesAt = (step: number): string[] => [...(main.stepRules.get(step) ?? []), ...(twin.stepRules.get(step) ?? [])];
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
