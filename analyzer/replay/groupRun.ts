import { compareTimestamps, diffNanoseconds, formatSeconds, type Timestamp } from '../capture/timestamp';
import type { Happening } from '../connections/happenings';
import { EventModel } from '../model/eventModel';
import { FD_MAX_EVENTS, fdBitOf, type FdName } from '../model/fdEvents';
import type { Profile } from '../model/profile';
import { rule } from '../model/rules';
import { ImpossibleStep, type AppCall, type NetHappening, type ShutdownHow, type StepOutcome } from '../model/steps';
import { wsaCode, wsaName } from '../model/winsockErrors';
import type { CallKind, LoggedCall, SocketCalls } from './loggedCalls';
import type { ReplayOptions } from './options';
import type { PlannedSocket } from './socketPlan';
import type { TimelineEvent } from './timeline';

/** One happening of the group, in the order the group sees them. */
export interface GroupInput {
  readonly h: Happening;
  readonly sock: PlannedSocket;
  /** The happening is at this socket's end (else at the peer: what this socket sent). */
  readonly local: boolean;
  /** What the model gets for it (precomputed per connection). */
  readonly plan: InputPlan;
}

/**
 * How a happening drives the model. `net`: a network happening at the local end; `send`: the
 * peer received bytes this end sent (so the program sent them); `fin`: the program shut down
 * or closed; `skip`: nothing the socket notices.
 */
export type InputPlan =
  | { readonly kind: 'net'; readonly step: NetHappeningBody; readonly blockedSend?: boolean }
  | { readonly kind: 'connect' }
  /** `continues`: more of the burst an earlier send() started (no call of its own). */
  | { readonly kind: 'send'; readonly bytes: number; readonly continues: boolean }
  | { readonly kind: 'fin' }
  /** This end sent a RST with nothing retransmitted before it: the program's abortive close (SO_LINGER 0) or its exit. */
  | { readonly kind: 'abort' }
  /** This end's receive window moved on by `bytes` (exact to `granularity`): the program read (application model `window`). */
  | { readonly kind: 'read'; readonly bytes: number; readonly granularity: number; readonly reopened: boolean }
  | { readonly kind: 'skip' };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NetHappeningBody = DistributiveOmit<NetHappening, 'on' | 'frame'>;

/** A socket's run through one profile. */
export interface SocketRun {
  readonly plan: PlannedSocket;
  readonly name: string;
  readonly events: TimelineEvent[];
  /** Facts the diagnosis uses. */
  readonly facts: SocketFacts;
}

export interface SocketFacts {
  /** Events that happened while the mask lacked them: count and first frame. */
  readonly unselected: Map<FdName, { count: number; frame: number }>;
  /**
   * The first place the wire contradicts the application model (under `log`: where the log and
   * the wire disagree), and how many more there are.
   */
  contradiction: { frame: number; text: string; more: number } | null;
  /** Unread bytes / datagrams when the socket was closed or the capture ended. */
  unreadAtEnd: number;
  closedWithUnread: number;
  /** Listener: the most connections waiting for accept at once, and those never accepted. */
  maxBacklog: number;
  neverAccepted: number;
  /** Whether the program closed the socket (closesocket) in the replay. */
  closed: boolean;
  /** How: after FD_CLOSE or a failed connect (`close`), or abortively, as a RST of this end showed (`abort`). */
  closedBy: 'close' | 'abort' | null;
  abortFrame: number;
  /**
   * Application model `window`: reads inferred from the window (`pacedReads` of them where it only
   * kept pace with the data: weaker), growths with nothing unread (autotuning), bytes only a
   * graceful close proved read.
   */
  windowReads: number;
  pacedReads: number;
  idleGrowths: number;
  readAtClose: number;
}

interface RunState extends SocketRun {
  created: boolean;
  /** An accepted socket's connection is queued at its listener (not yet accepted). */
  pending: boolean;
  closeHandled: boolean;
  localFin: boolean;
  /** Data has arrived (a window that grows before that is the stack sizing its buffer). */
  gotData: boolean;
  reports: number;
  /** Per FD_* bit, the frames during whose handling it was recorded or posted since last reported. */
  readonly causes: number[][];
  /** Application model `log`: this socket's logged calls (null: everything is assumed as under `prompt`). */
  readonly logged: SocketCalls | null;
  /** A client socket the log made calls on before its SYN: connect() is still to come. */
  connectDue: boolean;
  /** The log showed this end's shutdown or closesocket. */
  loggedShut: boolean;
}

const E_CONNRESET = wsaCode('WSAECONNRESET');
const E_WOULDBLOCK = wsaCode('WSAEWOULDBLOCK');
const SHUTDOWN_HOW: Readonly<Record<NonNullable<LoggedCall['how']>, ShutdownHow>> = { send: 'SD_SEND', receive: 'SD_RECEIVE', both: 'SD_BOTH' };
/** Bounds on loops that a model bug could make endless. */
const SETTLE_LIMIT = 100_000;

/**
 * Replays one group of sockets (a listener with its accepted sockets, or a single client, UDP or
 * partial socket) through one profile, with the application model's calls. The group shares one
 * EventModel because accepted sockets come from their listener.
 */
export class GroupRun {
  private readonly model: EventModel;
  private readonly runs: RunState[] = [];
  private readonly byName = new Map<string, RunState>();
  private readonly byPlan = new Map<PlannedSocket, RunState>();
  private readonly messages: { run: RunState; event: FdName; error: number }[] = [];
  /** Profile-specific rules each step applied, for explaining how the other profile differs. */
  readonly stepRules = new Map<number, Set<string>>();
  /** Application model `log`: every socket's logged calls in time order, and the next one due. */
  private readonly calls: { readonly call: LoggedCall; readonly run: RunState; done: boolean }[] = [];
  private nextCall = 0;
  /** Counts inputs and logged calls alike, so that both profiles' runs number their steps the same. */
  private step = -1;
  private ts: Timestamp | null = null;
  private frame = 0;
  /** A logged call is being made (and the program's reaction to it): `frame` is only the last one replayed. */
  private byCall = false;

  constructor(
    readonly profile: Profile,
    private readonly opts: ReplayOptions,
    sockets: readonly PlannedSocket[],
    logged: ReadonlyMap<PlannedSocket, SocketCalls> | null = null,
  ) {
    this.model = new EventModel(profile, opts.api, 'api');
    for (const plan of sockets) {
      const r: RunState = {
        plan, name: `s${plan.id}`, events: [], created: false, pending: false, closeHandled: false, localFin: false, gotData: false, reports: 0,
        causes: Array.from({ length: FD_MAX_EVENTS }, () => []), logged: logged?.get(plan) ?? null, connectDue: false, loggedShut: false,
        facts: { unselected: new Map(), contradiction: null, unreadAtEnd: 0, closedWithUnread: 0, maxBacklog: 0, neverAccepted: 0, closed: false, closedBy: null, abortFrame: 0, windowReads: 0, pacedReads: 0, idleGrowths: 0, readAtClose: 0 },
      };
      this.runs.push(r);
      this.byName.set(r.name, r);
      this.byPlan.set(plan, r);
      for (const call of r.logged?.calls ?? []) this.calls.push({ call, run: r, done: false });
    }
    this.calls.sort((a, b) => compareTimestamps(a.call.ts, b.call.ts));
  }

  run(inputs: readonly GroupInput[]): SocketRun[] {
    inputs.forEach((input, i) => {
      // The program runs between frames: its logged calls up to this frame come first.
      if (this.nextCall < this.calls.length && inputs[i - 1]?.h.frame !== input.h.frame) this.loggedCallsBefore(input.h.ts);
      this.step++;
      this.ts = input.h.ts;
      this.frame = input.h.frame;
      const r = this.byPlan.get(input.sock)!;
      this.ensureCreated(r, input);
      if (r.created || r.pending) this.apply(r, input);
      // The program runs between frames, not between the happenings of one frame (data and FIN in
      // one segment are one WSAEnumNetworkEvents result).
      const next = inputs[i + 1];
      if (next !== undefined && next.h.frame === input.h.frame) return;
      this.settle();
      this.noteBacklog(r);
    });
    this.loggedCallsBefore(null);
    for (const r of this.runs) this.finish(r);
    return this.runs;
  }

  /** Application model `log`: whether the log shows this kind of call for the socket (else it is assumed). */
  private logs(r: RunState, kind: CallKind): boolean {
    return r.logged?.covers.has(kind) ?? false;
  }

  private noteBacklog(r: RunState): void {
    const l = r.plan.listener === null ? undefined : this.byPlan.get(r.plan.listener);
    if (l === undefined || !l.created) return;
    const backlog = this.model.socket(l.name)?.backlog.length ?? 0;
    if (backlog > l.facts.maxBacklog) l.facts.maxBacklog = backlog;
  }

  // -----------------------------------------------------------------------------------------
  // Sockets coming into being

  private ensureCreated(r: RunState, input: GroupInput): void {
    if (r.created || r.pending) return;
    const p = r.plan;
    if (p.role === 'accepted' && p.listener !== null) {
      const l = this.byPlan.get(p.listener)!;
      if (!l.created) this.create(l, 'tcp-listener', []);
      // The connection reaches the listener with its handshake; before that it is nobody's.
      if (input.local && input.h.kind === 'peer-connects') {
        this.call(l, { net: 'peer-connects', on: l.name, frame: this.frame, conn: r.name });
        r.pending = true;
      }
      return;
    }
    this.createAs(r, input.h.kind === 'connect-attempt');
  }

  /** `connecting`: a client whose SYN is the input at hand (else its capture starts mid-stream). */
  private createAs(r: RunState, connecting: boolean): void {
    switch (r.plan.role) {
      case 'client':
        if (connecting) this.create(r, 'tcp', [{ app: 'connect', on: r.name, blocking: false }]);
        else this.create(r, 'tcp-accepted', []);
        return;
      case 'accepted': this.create(r, 'tcp-accepted', []); return;
      case 'udp': this.create(r, 'udp', [{ app: 'bind', on: r.name }]); return;
      case 'listener': this.create(r, 'tcp-listener', []); return;
    }
  }

  private create(r: RunState, initial: 'tcp' | 'tcp-listener' | 'tcp-accepted' | 'udp', then: AppCall[]): void {
    this.model.createSocket(r.name, initial);
    r.created = true;
    // A log that shows the program's select calls shows this socket's too, when it made one.
    if (!this.logs(r, 'select')) this.select(r);
    for (const c of then) this.call(r, c);
  }

  private select(r: RunState, mask = this.opts.mask): void {
    const call: AppCall = this.opts.api === 'WSAEventSelect'
      ? { app: 'select', on: r.name, mask, event: `hEvent${r.plan.id}` }
      : { app: 'select', on: r.name, mask, window: 'hWnd', message: 'WM_SOCKET' };
    this.call(r, call);
  }

  // -----------------------------------------------------------------------------------------
  // One happening

  private apply(r: RunState, input: GroupInput): void {
    const plan = input.plan;
    switch (plan.kind) {
      case 'skip':
        return;
      case 'connect':
        // Created early by a logged call (its select, before the SYN).
        if (r.connectDue) {
          r.connectDue = false;
          this.call(r, { app: 'connect', on: r.name, blocking: false });
        }
        return;
      case 'net': {
        // peer-connects was given to the listener when the socket came into being.
        if (r.facts.closed || plan.step.net === 'peer-connects') return;
        if (plan.step.net === 'peer-sends') r.gotData = true;
        this.call(r, { ...plan.step, on: r.name, frame: this.frame } as NetHappening);
        if (plan.blockedSend === true && !r.pending && !this.logs(r, 'send')) {
          // The program went on sending into the closed window until its send buffer filled.
          this.call(r, { app: 'send', on: r.name, bytes: 1, outcome: 'ok', fail: 'WSAEWOULDBLOCK' });
        }
        return;
      }
      case 'send':
        if (this.logs(r, 'send')) return;
        if (r.pending) return this.contradiction(r, `the wire shows this end sending at frame ${this.frame}, but the program has not accepted the connection (application model ${this.opts.app})`);
        if (r.facts.closed || plan.continues) return;
        this.call(r, { app: 'send', on: r.name, bytes: plan.bytes, outcome: 'ok' });
        return;
      case 'read': this.readByWindow(r, plan); return;
      case 'abort':
        if (r.pending) return;
        if (r.facts.closed) {
          // The logged closesocket was abortive (SO_LINGER 0): the RST says so.
          if (r.loggedShut) {
            r.facts.closedBy = 'abort';
            r.facts.abortFrame = this.frame;
          }
          return;
        }
        if (this.logs(r, 'closesocket')) this.contradiction(r, `the wire shows this end resetting the connection at frame ${this.frame}, but the log shows no closesocket before it`);
        this.close(r);
        r.facts.closedBy = 'abort';
        r.facts.abortFrame = this.frame;
        return;
      case 'fin':
        if (r.pending) return this.contradiction(r, `the wire shows this end closing at frame ${this.frame}, but the program has not accepted the connection (application model ${this.opts.app})`);
        r.localFin = true;
        if (r.facts.closed) return;
        if (r.loggedShut) return;
        // A log that could show either call and shows neither; else the FIN is the one it cannot show.
        if (this.logs(r, 'closesocket') && this.logs(r, 'shutdown')) {
          this.contradiction(r, `the wire shows this end's FIN at frame ${this.frame}, but the log shows no shutdown or closesocket before it`);
        }
        if (r.closeHandled) this.closeGracefully(r);
        else this.call(r, { app: 'shutdown', on: r.name, how: 'SD_SEND' });
        return;
    }
  }

  private contradiction(r: RunState, text: string): void {
    if (r.facts.contradiction === null) r.facts.contradiction = { frame: this.frame, text, more: 0 };
    else r.facts.contradiction.more++;
  }

  // -----------------------------------------------------------------------------------------
  // The program

  /** Runs the application model until it has nothing more to do. */
  private settle(): void {
    for (let guard = 0; guard < SETTLE_LIMIT; guard++) {
      if (this.opts.api === 'WSAAsyncSelect') {
        const m = this.messages.shift();
        if (m === undefined) return;
        this.react(m.run, m.event, m.error);
        continue;
      }
      const r = this.runs.find((x) => x.created && !x.facts.closed && this.model.signaled(x.name));
      if (r === undefined) return;
      const o = this.call(r, { app: 'enum', on: r.name });
      const reported = o?.reported ?? [];
      if (reported.length === 0) continue;
      r.reports++;
      for (const e of reported) this.addEvent(r, e.event, e.error, e.rule);
      for (const e of reported) this.react(r, e.event, e.error);
    }
    throw new Error(`replay of ${this.runs[0]!.name}: the application model did not settle at frame ${this.frame}`);
  }

  private react(r: RunState, event: FdName, error: number): void {
    const app = this.opts.app;
    if (app === 'none' || r.facts.closed) return;
    // Under `window` a stream socket reads where its window shows it (readByWindow); a datagram
    // socket has no window to show it, so it reads as under `prompt`. Under `log` the program
    // does what its log shows, and what the log cannot show is assumed as under `prompt`.
    const reads = app === 'log' ? !this.logs(r, 'recv') : app === 'prompt' || r.plan.role === 'udp';
    const closes = !this.logs(r, 'closesocket');
    switch (event) {
      case 'FD_READ': if (reads) this.drain(r); return;
      case 'FD_OOB': if (!this.logs(r, 'recv')) this.call(r, { app: 'recv', on: r.name, bytes: 'all', peek: false, oob: true }); return;
      case 'FD_ACCEPT': if (!this.logs(r, 'accept')) this.acceptAll(r); return;
      case 'FD_CONNECT': if (error !== 0 && closes) this.close(r); return;
      case 'FD_CLOSE':
        if (error !== 0) {
          if (closes) this.close(r);
          return;
        }
        if (reads) this.drain(r);
        if (!closes) return;
        if (r.localFin) this.closeGracefully(r);
        else r.closeHandled = true;
        return;
      default: return;
    }
  }

  /** recv until WSAEWOULDBLOCK (or end of stream). */
  private drain(r: RunState): void {
    const dgram = r.plan.role === 'udp';
    for (let guard = 0; guard < SETTLE_LIMIT; guard++) {
      const o = this.call(r, { app: 'recv', on: r.name, bytes: 'all', peek: false, oob: false });
      if (o === null) return;
      if (o.result === 0 && o.returned === 0) return;
      // A datagram socket's ICMP error fails one recvfrom; the loop goes on to the next datagram.
      if (o.result !== 0 && !(dgram && o.result === E_CONNRESET)) return;
    }
  }

  /**
   * Application model `window`: the local end's receive window moved on by `bytes`, so the
   * program read that much (all of it when what is left is below the window's unit).
   */
  private readByWindow(r: RunState, { bytes, granularity, reopened }: { bytes: number; granularity: number; reopened: boolean }): void {
    if (this.opts.app !== 'window' || !r.created || r.pending || r.facts.closed) return;
    const unread = this.model.socket(r.name)?.unread ?? 0;
    if (unread === 0) {
      if (r.gotData) r.facts.idleGrowths++;
      return;
    }
    r.facts.windowReads++;
    if (!reopened) r.facts.pacedReads++;
    this.call(r, { app: 'recv', on: r.name, bytes: unread - bytes < granularity ? 'all' : bytes, peek: false, oob: false });
  }

  /**
   * closesocket after FD_CLOSE, this end's FIN on the wire. Under `window`, a FIN rather than a
   * RST proves the receive buffer was empty (closing with unread data makes the stack reset the
   * connection), so what the window never showed read was read just before.
   */
  private closeGracefully(r: RunState): void {
    if (this.opts.app === 'window') {
      const unread = this.model.socket(r.name)?.unread ?? 0;
      if (unread > 0) {
        r.facts.readAtClose += unread;
        this.drain(r);
      }
    }
    this.close(r);
  }

  private acceptAll(l: RunState): void {
    for (let guard = 0; guard < SETTLE_LIMIT; guard++) if (!this.acceptOne(l)) return;
  }

  /** One accept on a listener; false when it failed (nothing queued: WSAEWOULDBLOCK). */
  private acceptOne(l: RunState): boolean {
    const next = this.model.socket(l.name)?.backlog[0]?.name ?? null;
    const o = this.call(l, { app: 'accept', on: l.name });
    if (o === null || o.result !== 0 || next === null) return false;
    const a = this.byName.get(next);
    if (a === undefined) return false;
    a.pending = false;
    a.created = true;
    // Event loops give each accepted socket its own event object (WSAWaitForMultipleEvents
    // waits on an array of them); a window keeps the inherited hWnd and message. A log that
    // shows select calls shows whether this program did.
    if (this.opts.api === 'WSAEventSelect' && !this.logs(a, 'select')) this.select(a);
    return true;
  }

  private close(r: RunState): void {
    const s = this.model.socket(r.name);
    if (s !== undefined) {
      const unread = s.unread + s.oob + s.datagrams.length;
      if (unread > 0) r.facts.closedWithUnread = unread;
    }
    this.call(r, { app: 'closesocket', on: r.name });
    r.facts.closed = true;
    r.facts.closedBy = 'close';
  }

  private finish(r: RunState): void {
    if (r.pending) {
      const l = r.plan.listener === null ? undefined : this.byPlan.get(r.plan.listener);
      if (l !== undefined) l.facts.neverAccepted++;
      return;
    }
    const s = this.model.socket(r.name);
    if (s !== undefined && !r.facts.closed) r.facts.unreadAtEnd = s.unread + s.oob + s.datagrams.length;
  }

  // -----------------------------------------------------------------------------------------
  // Application model `log`: the program's own calls, as its log shows them

  /**
   * Makes the logged calls earlier than `until` (every one left, at the end), earliest first,
   * each followed by the program's prompt WSAEnumNetworkEvents. A call that needs what has not
   * happened yet (a recv that returned more than has arrived, an accept with nothing queued, a
   * call on a connection not accepted yet) waits for it, with the socket's later calls, as long
   * as the log's clock may be that far off; other sockets' calls go on meanwhile (the accept the
   * call was waiting for may be one). After that it is made anyway and the disagreement noted.
   */
  private loggedCallsBefore(until: Timestamp | null): void {
    for (let made = true; made;) {
      made = false;
      const waiting = new Set<RunState>();
      for (let i = this.nextCall; i < this.calls.length && !made; i++) {
        const c = this.calls[i]!;
        if (c.done || waiting.has(c.run)) continue;
        if (until !== null && compareTimestamps(c.call.ts, until) >= 0) break;
        const waited = until === null || Number(diffNanoseconds(until, c.call.ts)) > c.run.logged!.slackNs;
        if (!waited && !this.possible(c.run, c.call)) {
          waiting.add(c.run);
          continue;
        }
        c.done = made = true;
        this.step++;
        this.ts = c.call.ts;
        this.byCall = true;
        this.loggedCall(c.run, c.call);
        this.settle();
        this.byCall = false;
      }
      while (this.nextCall < this.calls.length && this.calls[this.nextCall]!.done) this.nextCall++;
    }
  }

  /** Whether the replay has what the logged call got: the bytes a recv returned, a queued connection. */
  private possible(r: RunState, c: LoggedCall): boolean {
    if (this.notAccepted(r)) return false;
    if (c.error !== 0) return true;
    const s = this.model.socket(r.name);
    // Before its first packet a socket can only be selected (a client's select before connect).
    if (s === undefined) return c.kind === 'select';
    if (c.kind === 'accept') return s.backlog.length > 0;
    if (r.plan.role === 'udp') return c.kind !== 'recv' || s.datagrams.length > 0;
    // A stream send that went through needs the connection up (the log's clock may put it just before the SYN/ACK).
    if (c.kind === 'send') return s.phase === 'connected' && !s.sendShut;
    if (c.kind !== 'recv') return true;
    // recv returning 0: the end of the stream.
    if (c.bytes === 0) return s.peerFin;
    const want = c.bytes ?? 1;
    return s.unread >= want || (s.unread === 0 && s.oob >= want);
  }

  /** An accepted socket the program has no handle to yet: its connection waits at the listener, or has not reached it. */
  private notAccepted(r: RunState): boolean {
    return r.pending || (!r.created && r.plan.role === 'accepted');
  }

  private loggedCall(r: RunState, c: LoggedCall): void {
    const at = `log ${c.log + 1} line ${c.line} (${formatSeconds(c.ts)})`;
    if (this.notAccepted(r)) {
      this.contradiction(r, `${at}: ${c.kind} on a connection the program had not accepted yet`);
      return;
    }
    if (!r.created) {
      // A call before the first packet (a client's select before its connect).
      const connects = r.plan.role === 'client' && r.plan.connections[0]!.happenings.some((h) => h.at === r.plan.end && h.kind === 'connect-attempt');
      if (connects) {
        this.create(r, 'tcp', []);
        r.connectDue = true;
      } else {
        this.createAs(r, false);
      }
    }
    if (r.facts.closed) {
      this.contradiction(r, `${at}: ${c.kind} after the socket was closed`);
      return;
    }
    const fail = c.error === 0 ? {} : { fail: wsaName(c.error) };
    switch (c.kind) {
      case 'select':
        if (c.mask !== undefined) this.select(r, c.mask);
        return;
      case 'recv': {
        const s = this.model.socket(r.name)!;
        const unread = r.plan.role === 'udp' ? s.datagrams.length : s.unread;
        if (c.error === E_WOULDBLOCK && unread > 0) {
          this.contradiction(r, `${at}: recv failed with WSAEWOULDBLOCK, but ${unread} ${r.plan.role === 'udp' ? 'datagram' : 'byte'}${unread === 1 ? '' : 's'} had arrived by then`);
        }
        // What only urgent data could give was a recv with MSG_OOB (the log does not say).
        const oob = c.error === 0 && s.unread === 0 && s.oob > 0 && r.plan.role !== 'udp';
        // A recvfrom takes one datagram, whatever the buffer (the log's length may be the buffer's).
        const bytes = c.error === 0 && c.bytes !== undefined && c.bytes > 0 && r.plan.role !== 'udp' ? c.bytes : 'all';
        const o = this.call(r, { app: 'recv', on: r.name, bytes, peek: false, oob, ...fail });
        if (o === null || c.error !== 0) return;
        if (o.result !== 0) this.contradiction(r, `${at}: recv returned ${c.bytes ?? 'data'}${c.bytes === undefined ? '' : ' bytes'}, but the replay had nothing to read (${wsaName(o.result)})`);
        else if (c.bytes !== undefined && c.bytes > 0 && (o.returned ?? 0) < c.bytes && r.plan.role !== 'udp') {
          this.contradiction(r, `${at}: recv returned ${c.bytes} bytes, but only ${o.returned ?? 0} had arrived`);
        }
        return;
      }
      case 'send': {
        const o = this.call(r, { app: 'send', on: r.name, bytes: c.bytes ?? 1, outcome: 'ok', ...fail });
        if (o !== null && c.error === 0 && o.result !== 0) this.contradiction(r, `${at}: send succeeded, but the replay's failed with ${wsaName(o.result)}`);
        return;
      }
      case 'accept':
        if (c.error !== 0) this.call(r, { app: 'accept', on: r.name, ...fail });
        else if (!this.acceptOne(r)) this.contradiction(r, `${at}: accept succeeded, but no connection was queued`);
        return;
      case 'shutdown':
        this.call(r, { app: 'shutdown', on: r.name, how: SHUTDOWN_HOW[c.how ?? 'send'], ...fail });
        if (c.how !== 'receive') r.loggedShut = true;
        return;
      case 'closesocket':
        this.close(r);
        r.loggedShut = true;
        return;
    }
  }

  // -----------------------------------------------------------------------------------------
  // Talking to the model

  private call(r: RunState, step: AppCall | NetHappening): StepOutcome | null {
    let o: StepOutcome;
    try {
      o = 'app' in step ? this.model.app(step) : this.model.net(step);
    } catch (e) {
      if (!(e instanceof ImpossibleStep)) throw e;
      this.contradiction(r, `frame ${this.frame}: ${e.message}`);
      return null;
    }
    this.absorb(o);
    return o;
  }

  private absorb(o: StepOutcome): void {
    let rules = this.stepRules.get(this.step);
    for (const n of o.notices) {
      const id = n.rule;
      if (rule(id).profile !== 'both') {
        if (rules === undefined) this.stepRules.set(this.step, (rules = new Set()));
        rules.add(id);
      }
      const run = this.byName.get(n.socket);
      if (run === undefined || n.event === undefined) continue;
      const bit = fdBitOf(n.event)!;
      // What a logged call records, no frame caused.
      if ((n.what === 'recorded' || n.what === 'posted') && !this.byCall) run.causes[bit]!.push(this.frame);
      // A level-triggered event recorded again by a re-enabling call is not a new happening.
      const fresh = n.detail === undefined || !n.detail.startsWith('level.');
      if (fresh && ((n.what === 'not-recorded' && id === 'record.unselected') || (n.what === 'recorded' && id === 'record.afd'))) {
        const u = run.facts.unselected.get(n.event);
        if (u === undefined) run.facts.unselected.set(n.event, { count: 1, frame: this.frame });
        else u.count++;
      }
    }
    for (const p of o.posted) {
      const run = this.byName.get(p.socket);
      if (run === undefined) continue;
      run.reports++;
      this.addEvent(run, p.event, p.error, p.rule, p.lParam);
      this.messages.push({ run, event: p.event, error: p.error });
    }
  }

  private addEvent(r: RunState, event: FdName, error: number, ruleId: string, lParam?: number): void {
    const bit = fdBitOf(event)!;
    const c = r.causes[bit]!;
    const frames = [...new Set(c)].sort((a, b) => a - b);
    c.length = 0;
    const e: TimelineEvent = { ts: this.ts!, frames, event, error, rule: ruleId, report: r.reports, step: this.step, ...(lParam === undefined ? {} : { lParam }) };
    r.events.push(e);
  }
}
