import type { FdName } from '../model/fdEvents';
import type { GroupInput, SocketFacts, SocketRun } from './groupRun';
import type { ReplayOptions } from './options';
import { shapeKey } from './shapeKey';
import type { PlannedSocket } from './socketPlan';
import type { TimelineEvent } from './timeline';

/** A run with every frame and timestamp replaced by the position of the input it came from. */
interface RunTemplate {
  readonly events: readonly {
    readonly step: number;
    /** Inputs whose frames caused it, in frame order. */
    readonly causes: readonly number[];
    readonly event: FdName;
    readonly error: number;
    readonly rule: string;
    readonly report: number;
    readonly lParam: number | undefined;
  }[];
  readonly facts: Omit<SocketFacts, 'unselected' | 'contradiction' | 'abortFrame'>;
  readonly unselected: readonly { readonly event: FdName; readonly count: number; readonly step: number }[];
  /** The input of the abortive close, or -1. */
  readonly abortStep: number;
}

/** Both profiles' runs of one shape, and the profile-specific rules each step applied. */
export interface PairTemplate {
  readonly mine: RunTemplate;
  readonly theirs: RunTemplate;
  readonly mineRules: ReadonlyMap<number, ReadonlySet<string>>;
  readonly theirRules: ReadonlyMap<number, ReadonlySet<string>>;
}

/** Shapes kept at most: a busy capture has a few dozen; the bound keeps memory flat when every connection differs. */
const LIMIT = 4096;

/**
 * Replays of lone sockets (a client, a UDP socket, an accepted socket whose handshake was
 * missed), kept by shape (shapeKey.ts) so that a socket shaped like one already replayed gets
 * that run with its own frames and timestamps put back, instead of two runs of the event model.
 *
 * A run is kept only when everything in it comes from the shape: no contradiction (its text
 * names frames and sockets) and no unread total (a sum of byte counts, which the shape leaves
 * out). Such a shape is remembered as not kept, so it is not tried again.
 */
export class ReplayMemo {
  private readonly templates = new Map<string, PairTemplate | null>();

  constructor(private readonly options: ReplayOptions) {}

  /**
   * The key of a group, or null when the group is not memoised: more than one socket, or the
   * application model `window`, whose reads follow each connection's own byte counts (so its
   * shapes hardly ever repeat).
   */
  key(group: readonly PlannedSocket[], inputs: readonly GroupInput[]): string | null {
    if (group.length !== 1 || this.options.app === 'window') return null;
    return shapeKey(group[0]!, inputs);
  }

  /** The template of `key`: undefined when not seen yet, null when its runs cannot be reused. */
  get(key: string): PairTemplate | null | undefined {
    return this.templates.get(key);
  }

  /** Remembers the runs of a shape (or that they cannot be reused). */
  keep(key: string, inputs: readonly GroupInput[], mine: SocketRun, theirs: SocketRun,
    mineRules: ReadonlyMap<number, ReadonlySet<string>>, theirRules: ReadonlyMap<number, ReadonlySet<string>>): void {
    if (this.templates.size >= LIMIT) return;
    const reusable = reusableRun(mine.facts) && reusableRun(theirs.facts);
    this.templates.set(key, reusable ? { mine: template(mine, inputs), theirs: template(theirs, inputs), mineRules, theirRules } : null);
  }
}

function reusableRun(f: SocketFacts): boolean {
  return f.contradiction === null && f.unreadAtEnd === 0 && f.closedWithUnread === 0;
}

function template(run: SocketRun, inputs: readonly GroupInput[]): RunTemplate {
  // Every frame a run records is the frame of the input being handled: the first input of that
  // frame stands for it (the shape fixes which inputs share a frame).
  const stepOf = new Map<number, number>();
  inputs.forEach((input, i) => {
    if (!stepOf.has(input.h.frame)) stepOf.set(input.h.frame, i);
  });
  const step = (frame: number): number => stepOf.get(frame)!;
  const f = run.facts;
  return {
    events: run.events.map((e) => ({
      step: e.step, causes: e.frames.map(step), event: e.event, error: e.error, rule: e.rule, report: e.report, lParam: e.lParam,
    })),
    facts: {
      unreadAtEnd: f.unreadAtEnd, closedWithUnread: f.closedWithUnread, maxBacklog: f.maxBacklog, neverAccepted: f.neverAccepted,
      closed: f.closed, closedBy: f.closedBy, windowReads: f.windowReads, pacedReads: f.pacedReads, idleGrowths: f.idleGrowths,
      readAtClose: f.readAtClose,
    },
    unselected: [...f.unselected].map(([event, u]) => ({ event, count: u.count, step: step(u.frame) })),
    // abortFrame is set exactly when the run ended in an abortive close.
    abortStep: f.closedBy === 'abort' ? step(f.abortFrame) : -1,
  };
}

/** The run a template stands for, with the frames and timestamps of `inputs` (of the same shape). */
export function instantiate(t: RunTemplate, plan: PlannedSocket, inputs: readonly GroupInput[]): SocketRun {
  const frame = (step: number): number => inputs[step]!.h.frame;
  // Plain loops and literals: this runs for most sockets of a busy capture.
  const events: TimelineEvent[] = new Array(t.events.length);
  for (let i = 0; i < events.length; i++) {
    const e = t.events[i]!;
    const frames: number[] = new Array(e.causes.length);
    for (let j = 0; j < frames.length; j++) frames[j] = frame(e.causes[j]!);
    const ts = inputs[e.step]!.h.ts;
    events[i] = e.lParam === undefined
      ? { ts, frames, event: e.event, error: e.error, rule: e.rule, report: e.report, step: e.step }
      : { ts, frames, event: e.event, error: e.error, rule: e.rule, report: e.report, step: e.step, lParam: e.lParam };
  }
  const unselected = new Map<FdName, { count: number; frame: number }>();
  for (const u of t.unselected) unselected.set(u.event, { count: u.count, frame: frame(u.step) });
  const f = t.facts;
  const facts: SocketFacts = {
    unselected, contradiction: null, unreadAtEnd: f.unreadAtEnd, closedWithUnread: f.closedWithUnread, maxBacklog: f.maxBacklog,
    neverAccepted: f.neverAccepted, closed: f.closed, closedBy: f.closedBy, abortFrame: t.abortStep < 0 ? 0 : frame(t.abortStep),
    windowReads: f.windowReads, pacedReads: f.pacedReads, idleGrowths: f.idleGrowths, readAtClose: f.readAtClose,
  };
  return { plan, name: `s${plan.id}`, events, facts };
}
