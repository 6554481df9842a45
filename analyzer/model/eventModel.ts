import { FD_ALL_EVENTS, FD_MAX_EVENTS, FD_NAMES, FdBit, fdMask, makeSelectReply, SAN_SWITCH_MASK } from './fdEvents';
import { ModelSocket, type Api, type EventObject, type PendingConnection } from './modelSocket';
import type { Profile } from './profile';
import {
  ImpossibleStep, type AppCall, type NetHappening, type Notice, type PostedMessage, type ReportedEvent, type StepOutcome,
} from './steps';
import { wsaCode } from './winsockErrors';

/** The socket a scenario or replay starts with. */
export type InitialSocket = 'tcp' | 'tcp-listener' | 'tcp-accepted' | 'udp';

/** `san`: a SAN service provider under the switch (seed 001). */
export type Layer = 'api' | 'spi' | 'san';

const READ = fdMask(FdBit.READ);
const OOB = fdMask(FdBit.OOB);
const ACCEPT = fdMask(FdBit.ACCEPT);
const WRITE = fdMask(FdBit.WRITE);

const E = {
  WOULDBLOCK: wsaCode('WSAEWOULDBLOCK'),
  NOTSOCK: wsaCode('WSAENOTSOCK'),
  INVAL: wsaCode('WSAEINVAL'),
  NOTCONN: wsaCode('WSAENOTCONN'),
  SHUTDOWN: wsaCode('WSAESHUTDOWN'),
  ISCONN: wsaCode('WSAEISCONN'),
  ALREADY: wsaCode('WSAEALREADY'),
  OPNOTSUPP: wsaCode('WSAEOPNOTSUPP'),
  CONNRESET: wsaCode('WSAECONNRESET'),
  CONNABORTED: wsaCode('WSAECONNABORTED'),
  CONNREFUSED: wsaCode('WSAECONNREFUSED'),
  TIMEDOUT: wsaCode('WSAETIMEDOUT'),
  NETUNREACH: wsaCode('WSAENETUNREACH'),
  NETDOWN: wsaCode('WSAENETDOWN'),
  TRY_AGAIN: wsaCode('WSATRY_AGAIN'),
};

/** Collects what one step did. */
class StepLog {
  result = 0;
  returned: number | undefined;
  reported: ReportedEvent[] | undefined;
  readonly posted: PostedMessage[] = [];
  readonly notices: Notice[] = [];

  note(n: Notice): void {
    this.notices.push(n);
  }

  outcome(): StepOutcome {
    const o: { -readonly [K in keyof StepOutcome]: StepOutcome[K] } = { result: this.result, posted: this.posted, notices: this.notices };
    if (this.returned !== undefined) o.returned = this.returned;
    if (this.reported !== undefined) o.reported = this.reported;
    return o;
  }
}

/**
 * One provider's sockets under the event-select model: fed with the program's calls and the
 * network's happenings, one at a time, it records events, sets event objects and posts
 * messages exactly as the profile's reading of the seeds says, and tells why for each.
 *
 * The core idea, from seed 004: an event is recorded (or posted) when it happens if the
 * selection includes it and it is enabled; recording disables it until its re-enabling call;
 * that call re-enables it and, for the level-triggered events, records it again while its
 * condition holds.
 */
export class EventModel {
  private readonly sockets = new Map<string, ModelSocket>();
  private readonly events = new Map<string, EventObject>();
  private log = new StepLog();
  private acceptedCount = 0;

  constructor(
    readonly profile: Profile,
    /** The API a select call uses unless it names one (a scenario may mix them: they cancel each other). */
    readonly api: Api = 'WSAEventSelect',
    readonly layer: Layer = 'api',
  ) {}

  /** Creates a socket in the state a scenario starts from. */
  createSocket(name: string, initial: InitialSocket): void {
    let s: ModelSocket;
    switch (initial) {
      case 'tcp': s = new ModelSocket(name, 'stream', 'new'); break;
      case 'tcp-listener': s = new ModelSocket(name, 'stream', 'listening'); break;
      case 'tcp-accepted':
        s = new ModelSocket(name, 'stream', 'connected');
        // Accepted before any selection: its FD_WRITE has happened (the windows record keeps it).
        if (this.afd) this.recordBit(s, FdBit.WRITE, 0, 'write.connected');
        break;
      case 'udp': s = new ModelSocket(name, 'dgram', 'new'); break;
    }
    this.sockets.set(name, s);
  }

  socket(name: string): ModelSocket | undefined {
    return this.sockets.get(name);
  }

  socketNames(): string[] {
    return [...this.sockets.keys()];
  }

  /**
   * Whether the event object a socket uses (or last used) is set; false when it has none. A
   * connection still in a backlog shows its listener's.
   */
  signaled(name: string): boolean {
    const s = this.sockets.get(name) ?? this.listenerOf(name);
    return s?.eventObject?.signaled ?? false;
  }

  private listenerOf(pending: string): ModelSocket | undefined {
    for (const s of this.sockets.values()) if (s.backlog.some((c) => c.name === pending)) return s;
    return undefined;
  }

  app(call: AppCall): StepOutcome {
    this.begin();
    const s = this.sockets.get(call.on);
    if (s === undefined) throw new ImpossibleStep(`there is no socket named "${call.on}"`);
    if (s.closed) {
      this.fail(s, E.NOTSOCK, 'call.notsock');
      return this.log.outcome();
    }
    const forced = call.fail === undefined ? 0 : wsaCode(call.fail);
    switch (call.app) {
      case 'select': this.select(s, call.api ?? this.api, call.mask, call.event, call.window, call.message, forced); break;
      case 'enum': this.enumerate(s, call.event, forced); break;
      case 'recv': this.recv(s, call.bytes, call.peek, call.oob, forced); break;
      case 'send': this.send(s, call.bytes, call.outcome, call.sent, forced); break;
      case 'connect': this.connect(s, call.blocking, forced); break;
      case 'bind': this.bind(s, forced); break;
      case 'listen': this.listen(s, forced); break;
      case 'accept': this.accept(s, call.as, forced); break;
      case 'shutdown': this.shutdown(s, call.how, forced); break;
      case 'closesocket': this.closesocket(s, forced); break;
      case 'ioctl': this.ioctl(s, call.code, call.value, forced); break;
      case 'setsockopt': this.setOobInline(s, call.value, forced); break;
    }
    return this.log.outcome();
  }

  net(h: NetHappening): StepOutcome {
    this.begin();
    const pending = this.findPending(h.on);
    if (pending !== null) {
      this.pendingHappening(pending, h);
      return this.log.outcome();
    }
    const s = this.sockets.get(h.on);
    if (s === undefined) throw new ImpossibleStep(`there is no socket or queued connection named "${h.on}"`);
    if (s.closed) {
      // The socket is gone: its connection may still see packets, but nothing is reported.
      this.log.note({ socket: s.name, what: 'not-recorded', rule: 'record.closed', detail: `${h.net} after closesocket` });
      return this.log.outcome();
    }
    switch (h.net) {
      case 'connect-established': this.connectEstablished(s); break;
      case 'connect-refused': this.connectFailed(s, h.error === undefined ? E.CONNREFUSED : wsaCode(h.error)); break;
      case 'connect-timeout': this.connectFailed(s, h.error === undefined ? E.TIMEDOUT : wsaCode(h.error)); break;
      case 'connect-unreachable': this.connectFailed(s, h.error === undefined ? E.NETUNREACH : wsaCode(h.error)); break;
      case 'peer-connects': this.peerConnects(s, h.conn ?? null); break;
      case 'peer-sends': this.peerSends(s, h.bytes); break;
      case 'peer-sends-oob': this.peerSendsOob(s, h.bytes); break;
      case 'datagram': this.datagram(s, h.bytes); break;
      case 'peer-fin': this.peerFin(s); break;
      case 'peer-rst': this.abort(s, wsaCode(this.profile.resetCloseError), E.CONNRESET, this.profile.resetCloseError === 'WSAECONNRESET' ? 'close.reset' : 'close.reset-aborted'); break;
      case 'local-rst': this.abort(s, E.CONNABORTED, E.CONNABORTED, 'close.aborted'); break;
      // Nothing to record: sends block (WSAEWOULDBLOCK, a call the program makes) once the send buffer fills.
      case 'peer-window-zero': this.requireConnected(s); break;
      case 'peer-window-open': this.windowOpen(s); break;
      case 'peer-unreachable': this.peerUnreachable(s); break;
      case 'qos-change': this.qosChange(s); break;
      case 'routing-interface-change': this.edgeChange(s, FdBit.ROUTING_INTERFACE_CHANGE, h.error === undefined ? 0 : wsaCode(h.error)); break;
      case 'address-list-change': this.edgeChange(s, FdBit.ADDRESS_LIST_CHANGE, 0); break;
      case 'network-down': this.networkDown(s); break;
    }
    return this.log.outcome();
  }

  // ---------------------------------------------------------------------------------------------
  // Notification core

  private begin(): void {
    this.log = new StepLog();
  }

  private fail(s: ModelSocket, error: number, rule: string): void {
    this.log.result = error;
    this.log.note({ socket: s.name, what: 'result', error, rule });
  }

  /** The windows profile's record: kept by the socket, whatever the selection (AFD's). */
  private get afd(): boolean {
    return this.profile.record === 'afd';
  }

  /**
   * The event happened on `s`. Records or posts it when it is enabled and (documented) the
   * selection includes it; otherwise says why not. Under the windows profile an event outside
   * the selection is still recorded, for a later WSAEventSelect to report.
   */
  private happen(s: ModelSocket, bit: FdBit, error: number, rule: string): void {
    const m = fdMask(bit);
    const event = FD_NAMES[bit]!;
    if ((s.disabled & m) !== 0) {
      this.log.note({ socket: s.name, what: 'not-recorded', event, error, rule: 'record.disabled', detail: rule });
      return;
    }
    const sel = s.selection;
    const selected = sel !== null && (sel.mask & m) !== 0;
    if (this.afd && !(selected && sel.api === 'WSAAsyncSelect')) {
      this.recordBit(s, bit, error, rule);
      if (!selected) {
        this.log.note({ socket: s.name, what: 'recorded', event, error, rule: 'record.afd', detail: `${rule}; no selection includes it yet` });
      }
      return;
    }
    if (!selected) {
      this.log.note({ socket: s.name, what: 'not-recorded', event, error, rule: 'record.unselected', detail: rule });
      return;
    }
    this.deliver(s, bit, error, rule);
  }

  /** Records (WSAEventSelect) or posts (WSAAsyncSelect) a selected event and disables it until re-enabled. */
  private deliver(s: ModelSocket, bit: FdBit, error: number, rule: string): void {
    const sel = s.selection!;
    if (sel.api === 'WSAEventSelect') {
      this.recordBit(s, bit, error, rule);
      return;
    }
    const m = fdMask(bit);
    const event = FD_NAMES[bit]!;
    if (bit === FdBit.CLOSE) s.closeReported = true;
    s.disabled |= m;
    this.log.posted.push({ socket: s.name, window: sel.window, message: sel.message, event, error, lParam: makeSelectReply(m, error), rule });
    this.log.note({ socket: s.name, what: 'posted', event, error, rule });
  }

  /** Sets the bit and its error in the internal record; sets the event object when selected. */
  private recordBit(s: ModelSocket, bit: FdBit, error: number, rule: string): void {
    const m = fdMask(bit);
    s.record |= m;
    s.recordErrors[bit] = error;
    s.recordRules[bit] = rule;
    const sel = s.selection;
    if (sel === null || sel.api !== 'WSAEventSelect' || (sel.mask & m) === 0) return;
    // Documented, recording disables the event at once; the windows record disables it when
    // WSAEnumNetworkEvents reports it (a second arrival before that changes nothing).
    if (!this.afd) s.disabled |= m;
    if (bit === FdBit.CLOSE) s.closeReported = true;
    this.log.note({ socket: s.name, what: 'recorded', event: FD_NAMES[bit]!, error, rule });
    this.signal(s, sel.event!);
  }

  private signal(s: ModelSocket, ev: EventObject): void {
    if (ev.signaled) return;
    ev.signaled = true;
    this.log.note({ socket: s.name, what: 'signaled', rule: 'record.event', detail: ev.name });
  }

  /** Windows: a condition consumed by the program takes its unreported record bit with it. */
  private consumed(s: ModelSocket, bit: FdBit): void {
    const m = fdMask(bit);
    if (!this.afd || (s.record & m) === 0) return;
    s.record &= ~m;
    this.log.note({ socket: s.name, what: 'cleared', event: FD_NAMES[bit]!, rule: 'record.consumed' });
  }

  /** The re-enabling call for `mask` was made: enable, then record again what still holds. */
  private reenable(s: ModelSocket, mask: number): void {
    const was = s.disabled & mask;
    s.disabled &= ~mask;
    for (let b = 0; b < FD_MAX_EVENTS; b++) {
      if ((was & (1 << b)) !== 0) this.log.note({ socket: s.name, what: 'reenabled', event: FD_NAMES[b]!, rule: 'reenable.call' });
    }
    if (s.selection === null) return;
    if (mask & READ) this.levelRead(s);
    if (mask & OOB) this.levelOob(s);
    if (mask & ACCEPT) this.levelAccept(s);
  }

  private levelRead(s: ModelSocket): void {
    if (this.readable(s)) this.happen(s, FdBit.READ, 0, 'level.read');
  }

  private levelOob(s: ModelSocket): void {
    if (s.oob > 0) this.happen(s, FdBit.OOB, 0, 'level.oob');
  }

  private levelAccept(s: ModelSocket): void {
    if (s.backlog.length > 0) this.happen(s, FdBit.ACCEPT, 0, 'level.accept');
  }

  private readable(s: ModelSocket): boolean {
    return s.type === 'dgram' ? s.datagrams.length > 0 || s.datagramError !== 0 : s.unread > 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Selection

  private select(s: ModelSocket, api: Api, requested: number, eventName: string | undefined, window: string | undefined, message: string | undefined, forced: number): void {
    if (forced !== 0) {
      this.fail(s, forced, 'call.failed');
      return;
    }
    let mask = requested;
    if (this.layer === 'san' && (mask & ~SAN_SWITCH_MASK) !== 0) {
      mask &= SAN_SWITCH_MASK;
      this.log.note({ socket: s.name, what: 'state', rule: 'select.san', detail: 'events other than FD_ACCEPT and FD_CONNECT are not selected on the SAN provider' });
    }
    if (s.selection !== null) this.log.note({ socket: s.name, what: 'state', rule: 'select.replaces' });
    if (api === 'WSAEventSelect' && s.record !== 0) {
      if (this.afd) {
        this.log.note({ socket: s.name, what: 'state', rule: 'select.keeps-record' });
      } else {
        s.record = 0;
        this.log.note({ socket: s.name, what: 'cleared', rule: 'select.clears-record' });
      }
    }
    if (!s.nonBlocking) this.log.note({ socket: s.name, what: 'state', rule: 'select.nonblocking' });
    s.nonBlocking = true;
    s.disabled = 0;
    s.closeReported = false;
    if (mask === 0) {
      s.selection = null;
      this.log.note({ socket: s.name, what: 'state', rule: 'select.cancel' });
      return;
    }
    const event = api === 'WSAEventSelect' ? this.eventObject(eventName ?? 'hEvent') : null;
    if (event !== null) s.lastEvent = event;
    s.selection = { api, mask, event, window: window ?? 'hWnd', message: message ?? 'WM_SOCKET' };
    this.log.note({ socket: s.name, what: 'state', rule: 'select.starts' });
    if (this.afd && api === 'WSAEventSelect') this.selectKept(s);
    else this.persist(s);
  }

  private eventObject(name: string): EventObject {
    let ev = this.events.get(name);
    if (ev === undefined) {
      ev = { name, signaled: false };
      this.events.set(name, ev);
    }
    return ev;
  }

  /** Windows WSAEventSelect: what the record holds for the new mask sets the event; nothing is re-evaluated. */
  private selectKept(s: ModelSocket): void {
    const sel = s.selection!;
    const pending = s.record & sel.mask;
    for (let b = 0; b < FD_MAX_EVENTS; b++) {
      if ((pending & (1 << b)) === 0) continue;
      if (b === FdBit.CLOSE) s.closeReported = true;
      this.log.note({ socket: s.name, what: 'recorded', event: FD_NAMES[b]!, error: s.recordErrors[b]!, rule: 'select.stale', detail: s.recordRules[b]! });
    }
    if (pending !== 0) this.signal(s, sel.event!);
  }

  /**
   * A new selection reports the conditions that already hold (seed 004's persistence): the
   * documented reading for both APIs, and what Windows' WSAAsyncSelect does (without FD_CONNECT).
   */
  private persist(s: ModelSocket): void {
    const sel = s.selection!;
    const has = (bit: FdBit): boolean => (sel.mask & fdMask(bit)) !== 0;
    const async = sel.api === 'WSAAsyncSelect';
    const rule = this.afd ? 'select.async-conditions' : 'select.persist';
    // FD_CONNECT comes before FD_WRITE (seed 003: "after FD_CONNECT, if also registered").
    if (has(FdBit.CONNECT) && s.connectError !== null) {
      if (this.afd) {
        this.log.note({ socket: s.name, what: 'not-recorded', event: 'FD_CONNECT', error: s.connectError, rule: 'select.stale.connect-async' });
      } else if (s.connectError === 0 && s.phase === 'connected') {
        this.deliver(s, FdBit.CONNECT, 0, 'select.persist.connect');
      }
    }
    if (has(FdBit.WRITE) && this.writable(s, async)) this.deliver(s, FdBit.WRITE, 0, s.type === 'dgram' && !this.afd ? 'write.datagram' : rule);
    if (has(FdBit.READ) && this.readable(s)) this.deliver(s, FdBit.READ, 0, rule);
    if (has(FdBit.OOB) && s.oob > 0) this.deliver(s, FdBit.OOB, 0, rule);
    if (has(FdBit.ACCEPT) && s.backlog.length > 0) this.deliver(s, FdBit.ACCEPT, 0, rule);
    if (has(FdBit.CLOSE)) {
      const close = this.closeCondition(s);
      if (close !== null) this.deliver(s, FdBit.CLOSE, close, rule);
    }
    if (has(FdBit.QOS) && s.qosChanged) this.deliver(s, FdBit.QOS, 0, rule);
  }

  /** Whether a send would be accepted now (the FD_WRITE condition). */
  private writable(s: ModelSocket, asyncSelect = false): boolean {
    // Windows' WSAAsyncSelect counts an unbound datagram socket as writable (sendto binds it).
    if (s.type === 'dgram') return s.phase === 'bound' || s.phase === 'connected' || (asyncSelect && this.afd);
    return s.phase === 'connected' && !s.writeBlocked && !s.sendShut && s.abortError === 0;
  }

  /** The FD_CLOSE error when the connection is closed in the profile's sense; null when not. */
  private closeCondition(s: ModelSocket): number | null {
    if (s.type !== 'stream') return null;
    if (s.abortError !== 0) return s.abortError;
    if (!s.peerFin) return null;
    if (this.profile.closeAt === 'drained' && (s.unread > 0 || s.oob > 0)) return null;
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // WSAEnumNetworkEvents

  private enumerate(s: ModelSocket, eventName: string | null | undefined, forced: number): void {
    if (forced !== 0) {
      this.fail(s, forced, 'enum.failed');
      return;
    }
    const sel = s.selection;
    if (sel !== null && sel.api === 'WSAAsyncSelect') this.log.note({ socket: s.name, what: 'state', rule: 'enum.async' });
    // Windows reports and clears only the bits of the current WSAEventSelect mask.
    const visible = this.afd ? (sel !== null && sel.api === 'WSAEventSelect' ? sel.mask : 0) : FD_ALL_EVENTS;
    const bits = s.record & visible;
    const reported: ReportedEvent[] = [];
    for (let b = 0; b < FD_MAX_EVENTS; b++) {
      if ((bits & (1 << b)) !== 0) reported.push({ event: FD_NAMES[b]!, error: s.recordErrors[b]!, rule: s.recordRules[b]! });
    }
    this.log.reported = reported;
    s.record &= ~bits;
    if (this.afd) s.disabled |= bits;
    this.log.note({ socket: s.name, what: 'cleared', rule: this.afd ? 'enum.selected-bits' : 'enum.copy-clear-reset' });
    if (reported.length > 0) {
      this.log.note({ socket: s.name, what: 'state', rule: 'enum.slots', detail: `iErrorCode[${reported.map((r) => `${r.event}_BIT`).join(', ')}] written` });
    }
    const handle = eventName === undefined ? s.eventObject : eventName === null ? null : this.eventObject(eventName);
    if (handle === null) {
      this.log.note({ socket: s.name, what: 'state', rule: 'enum.no-event-handle' });
    } else if (handle.signaled) {
      handle.signaled = false;
      this.log.note({ socket: s.name, what: 'reset', rule: 'enum.copy-clear-reset', detail: handle.name });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Data

  private recv(s: ModelSocket, bytes: number | 'all', peek: boolean, oob: boolean, forced: number): void {
    if (forced !== 0) this.fail(s, forced, 'call.failed');
    else if (s.type === 'dgram') this.recvDatagram(s, bytes, peek);
    else this.recvStream(s, bytes, peek, oob);
    if (!this.readable(s)) this.consumed(s, FdBit.READ);
    if (s.oob === 0) this.consumed(s, FdBit.OOB);
    // Seed 004: re-enabled "even one that fails"; Windows does so for a failed recv only under
    // WSAAsyncSelect.
    if (this.log.result !== 0 && !this.profile.failedRecvReenablesEvent && s.selection?.api === 'WSAEventSelect') {
      this.log.note({ socket: s.name, what: 'not-recorded', event: 'FD_READ', rule: 'reenable.failed-event' });
      return;
    }
    this.reenable(s, READ | OOB);
    // Documented: FD_CLOSE waits for the last byte to be read (seed 003, FD_CLOSE item 2).
    if (this.profile.closeAt === 'drained' && !s.closeReported && s.selection !== null) {
      const close = this.closeCondition(s);
      if (close !== null) this.happen(s, FdBit.CLOSE, close, 'close.graceful');
    }
  }

  private recvStream(s: ModelSocket, bytes: number | 'all', peek: boolean, oob: boolean): void {
    if (s.phase !== 'connected') this.fail(s, E.NOTCONN, 'call.notconn');
    else if (s.recvShut) this.fail(s, E.SHUTDOWN, 'call.shutdown');
    else if (oob && s.oobInline) this.fail(s, E.INVAL, 'call.oob-inline');
    else if (s.abortError !== 0) this.fail(s, s.abortCallError, 'call.reset');
    else if (oob) {
      if (s.oob === 0) this.fail(s, E.WOULDBLOCK, 'call.wouldblock');
      else this.take(s, 'oob', bytes, peek);
    } else if (s.unread > 0) {
      this.take(s, 'unread', bytes, peek);
    } else if (s.peerFin) {
      this.log.returned = 0;
      this.log.note({ socket: s.name, what: 'result', rule: 'call.eof' });
    } else {
      this.fail(s, E.WOULDBLOCK, 'call.wouldblock');
    }
  }

  private take(s: ModelSocket, from: 'unread' | 'oob', bytes: number | 'all', peek: boolean): void {
    const have = s[from];
    const n = bytes === 'all' ? have : Math.min(bytes, have);
    if (!peek) s[from] = have - n;
    this.log.returned = n;
  }

  private recvDatagram(s: ModelSocket, bytes: number | 'all', peek: boolean): void {
    if (s.recvShut) {
      this.fail(s, E.SHUTDOWN, 'call.shutdown');
    } else if (s.phase === 'new') {
      this.fail(s, E.INVAL, 'call.invalid-state');
    } else if (s.datagramError !== 0) {
      const err = s.datagramError;
      if (!peek) s.datagramError = 0;
      this.fail(s, err, 'call.reset');
    } else if (s.datagrams.length === 0) {
      this.fail(s, E.WOULDBLOCK, 'call.wouldblock');
    } else {
      const size = s.datagrams[0]!;
      if (bytes !== 'all' && bytes < size) {
        // The rest of the datagram is lost (recv docs: WSAEMSGSIZE, "the datagram was truncated").
        if (!peek) s.datagrams.shift();
        this.log.returned = bytes;
        this.fail(s, wsaCode('WSAEMSGSIZE'), 'call.failed');
        return;
      }
      if (!peek) s.datagrams.shift();
      this.log.returned = size;
    }
  }

  private send(s: ModelSocket, bytes: number, outcome: 'ok' | 'partial', sent: number | undefined, forced: number): void {
    if (forced !== 0) {
      this.fail(s, forced, 'call.failed');
      if (forced === E.WOULDBLOCK) {
        s.writeBlocked = true;
        this.log.note({ socket: s.name, what: 'state', rule: 'write.blocked' });
      }
      this.reenableWrite(s, false);
      return;
    }
    if (s.type === 'stream') {
      if (s.phase !== 'connected') {
        this.fail(s, E.NOTCONN, 'call.notconn');
        this.reenableWrite(s, false);
        return;
      }
      if (s.sendShut) {
        this.fail(s, E.SHUTDOWN, 'call.shutdown');
        this.reenableWrite(s, false);
        return;
      }
      if (s.abortError !== 0) {
        this.fail(s, s.abortCallError, 'call.reset');
        this.reenableWrite(s, false);
        return;
      }
    } else if (s.phase === 'new') {
      // sendto on an unbound datagram socket binds it implicitly.
      s.phase = 'bound';
    }
    if (outcome === 'partial') {
      s.writeBlocked = true;
      if (sent !== undefined) this.log.returned = sent;
      this.log.note({ socket: s.name, what: 'state', rule: 'write.blocked' });
      this.reenableWrite(s, false);
      return;
    }
    this.log.returned = bytes;
    this.reenableWrite(s, true);
  }

  /**
   * send is FD_WRITE's re-enabling call. Documented, a send that leaves room records FD_WRITE
   * again (its condition holds); on Windows only space after a blocked send does.
   */
  private reenableWrite(s: ModelSocket, succeeded: boolean): void {
    if (!this.profile.sendRecordsWrite) {
      if (succeeded && s.selection !== null && (s.selection.mask & WRITE) !== 0) {
        this.log.note({ socket: s.name, what: 'not-recorded', event: 'FD_WRITE', rule: 'write.send-quiet' });
      }
      // Windows arms FD_WRITE only through a blocked send (write.blocked).
      if (s.writeBlocked) s.disabled &= ~WRITE;
      return;
    }
    this.reenable(s, WRITE);
    if (succeeded && s.selection !== null && this.writable(s)) this.happen(s, FdBit.WRITE, 0, 'write.after-send');
  }

  // ---------------------------------------------------------------------------------------------
  // Connections

  private connect(s: ModelSocket, blocking: boolean, forced: number): void {
    if (forced !== 0) {
      this.fail(s, forced, 'call.failed');
      return;
    }
    if (s.type === 'dgram') {
      // A datagram connect only sets the default peer (binding the socket if need be): it
      // succeeds at once, with FD_CONNECT, and the socket is writable.
      s.phase = 'connected';
      s.connectError = 0;
      if (this.afd && s.selection?.api === 'WSAAsyncSelect') {
        this.log.note({ socket: s.name, what: 'not-recorded', event: 'FD_CONNECT', rule: 'connect.datagram-async' });
        s.disabled &= ~WRITE;
      } else {
        this.happen(s, FdBit.CONNECT, 0, 'connect.datagram');
      }
      this.happen(s, FdBit.WRITE, 0, 'write.connected');
      return;
    }
    if (s.phase === 'connected') return this.fail(s, E.ISCONN, 'call.isconn');
    if (s.phase === 'connecting') return this.fail(s, E.ALREADY, 'call.already');
    if (s.phase === 'listening') return this.fail(s, E.INVAL, 'call.invalid-state');
    if (s.phase === 'failed') return this.fail(s, E.INVAL, 'call.invalid-state');
    if (blocking) {
      if (s.nonBlocking) throw new ImpossibleStep(`"blocking": true, but socket ${s.name} is non-blocking (a select call made it so)`);
      // The connection is established before the call returns.
      s.phase = 'connected';
      s.connectError = 0;
      this.happen(s, FdBit.CONNECT, 0, 'connect.outcome');
      this.happen(s, FdBit.WRITE, 0, 'write.connected');
      return;
    }
    if (!s.nonBlocking) throw new ImpossibleStep(`socket ${s.name} is blocking: a connect returns only with its outcome (give "blocking": true, or select first)`);
    s.phase = 'connecting';
    this.fail(s, E.WOULDBLOCK, 'call.connect-pending');
  }

  private connectEstablished(s: ModelSocket): void {
    if (s.phase !== 'connecting') throw new ImpossibleStep(`socket ${s.name} is not connecting (it is ${s.phase})`);
    s.phase = 'connected';
    s.connectError = 0;
    this.happen(s, FdBit.CONNECT, 0, 'connect.outcome');
    this.happen(s, FdBit.WRITE, 0, 'write.connected');
  }

  private connectFailed(s: ModelSocket, error: number): void {
    if (s.phase !== 'connecting') throw new ImpossibleStep(`socket ${s.name} is not connecting (it is ${s.phase})`);
    s.phase = 'failed';
    s.connectError = error;
    this.happen(s, FdBit.CONNECT, error, 'connect.outcome');
  }

  private bind(s: ModelSocket, forced: number): void {
    if (forced !== 0) return this.fail(s, forced, 'call.failed');
    if (s.phase !== 'new') return this.fail(s, E.INVAL, 'call.invalid-state');
    s.phase = 'bound';
    // A datagram socket is writable from now on; a selection that includes FD_WRITE hears of it.
    if (s.type === 'dgram') this.happen(s, FdBit.WRITE, 0, 'write.datagram');
  }

  private listen(s: ModelSocket, forced: number): void {
    if (forced !== 0) return this.fail(s, forced, 'call.failed');
    if (s.type === 'dgram') return this.fail(s, E.OPNOTSUPP, 'call.opnotsupp');
    if (s.phase === 'listening') return;
    if (s.phase !== 'bound') return this.fail(s, E.INVAL, 'call.invalid-state');
    s.phase = 'listening';
  }

  private peerConnects(s: ModelSocket, conn: string | null): void {
    if (s.phase !== 'listening') throw new ImpossibleStep(`socket ${s.name} is not listening (it is ${s.phase})`);
    if (conn !== null && (this.sockets.has(conn) || this.findPending(conn) !== null)) throw new ImpossibleStep(`the name "${conn}" is taken`);
    s.backlog.push({ name: conn, unread: 0, oob: 0, peerFin: false, abortError: 0 });
    this.happen(s, FdBit.ACCEPT, 0, 'accept.request');
  }

  private accept(s: ModelSocket, as: string | undefined, forced: number): void {
    if (forced === E.TRY_AGAIN) {
      // CF_DEFER: the connection stays queued and FD_ACCEPT stays disabled.
      this.fail(s, forced, 'reenable.accept-defer');
      return;
    }
    if (forced !== 0) {
      this.fail(s, forced, 'call.failed');
      this.reenable(s, ACCEPT);
      return;
    }
    if (s.type === 'dgram') {
      this.fail(s, E.OPNOTSUPP, 'call.opnotsupp');
      return;
    }
    if (s.phase !== 'listening') {
      this.fail(s, E.INVAL, 'call.invalid-state');
      this.reenable(s, ACCEPT);
      return;
    }
    const conn = s.backlog.shift();
    if (conn === undefined) {
      this.fail(s, E.WOULDBLOCK, 'call.wouldblock');
      this.reenable(s, ACCEPT);
      return;
    }
    const name = as ?? conn.name ?? `${s.name}.${++this.acceptedCount}`;
    if (this.sockets.has(name)) throw new ImpossibleStep(`the name "${name}" is taken`);
    const a = this.acceptedSocket(s, name, conn);
    this.sockets.set(name, a);
    this.log.note({ socket: name, what: 'state', rule: 'select.inherit', detail: `accepted from ${s.name}` });
    if (s.backlog.length === 0) this.consumed(s, FdBit.ACCEPT);
    this.reenable(s, ACCEPT);
    if (a.selection === null && !this.afd) return;
    // The accepted socket is connected: FD_WRITE; then what it already holds.
    this.happen(a, FdBit.WRITE, 0, 'write.connected');
    if (this.readable(a)) this.happen(a, FdBit.READ, 0, 'read.data');
    if (a.oob > 0) this.happen(a, FdBit.OOB, 0, 'oob.data');
    const close = this.closeCondition(a);
    if (close !== null) this.happen(a, FdBit.CLOSE, close, close === 0 ? (this.profile.closeAt === 'fin' ? 'close.on-fin' : 'close.graceful') : this.resetRule());
  }

  private acceptedSocket(listener: ModelSocket, name: string, conn: PendingConnection): ModelSocket {
    const a = new ModelSocket(name, 'stream', 'connected');
    a.nonBlocking = listener.nonBlocking;
    a.oobInline = listener.oobInline;
    a.selection = listener.selection;
    a.lastEvent = listener.selection?.event ?? null;
    a.unread = conn.unread;
    a.oob = conn.oob;
    a.peerFin = conn.peerFin;
    if (conn.abortError !== 0) {
      a.abortError = conn.abortError;
      a.abortCallError = E.CONNRESET;
    }
    return a;
  }

  private findPending(name: string): PendingConnection | null {
    return this.listenerOf(name)?.backlog.find((c) => c.name === name) ?? null;
  }

  /** A happening on a connection still in the backlog: it changes what accept will hand over. */
  private pendingHappening(c: PendingConnection, h: NetHappening): void {
    switch (h.net) {
      case 'peer-sends': c.unread += h.bytes; break;
      case 'peer-sends-oob': c.oob += h.bytes; break;
      case 'peer-fin': c.peerFin = true; break;
      case 'peer-rst': c.abortError = wsaCode(this.profile.resetCloseError); break;
      default: throw new ImpossibleStep(`${h.net} cannot happen to ${c.name}, a connection not yet accepted`);
    }
    this.log.note({ socket: c.name!, what: 'state', rule: 'select.inherit', detail: `${h.net} before accept: the accepted socket starts with it` });
  }

  private shutdown(s: ModelSocket, how: 'SD_SEND' | 'SD_RECEIVE' | 'SD_BOTH', forced: number): void {
    if (forced !== 0) return this.fail(s, forced, 'call.failed');
    if (s.type === 'stream' && s.phase !== 'connected') return this.fail(s, E.NOTCONN, 'call.notconn');
    if (how !== 'SD_RECEIVE') s.sendShut = true;
    if (how !== 'SD_SEND') s.recvShut = true;
  }

  private closesocket(s: ModelSocket, forced: number): void {
    if (forced !== 0) return this.fail(s, forced, 'call.failed');
    s.phase = 'closed';
    s.selection = null;
    s.record = 0;
    s.disabled = 0;
    this.log.note({ socket: s.name, what: 'state', rule: 'select.closed' });
  }

  private ioctl(s: ModelSocket, code: string, value: boolean | undefined, forced: number): void {
    switch (code) {
      case 'FIONBIO':
        if (forced !== 0) return this.fail(s, forced, 'call.failed');
        if (value === false && s.selection !== null) return this.fail(s, E.INVAL, 'call.blocking-with-selection');
        s.nonBlocking = value !== false;
        return;
      case 'SIO_GET_QOS':
        if (forced === 0) s.qosChanged = false;
        else this.fail(s, forced, 'call.failed');
        this.reenableEdge(s, FdBit.QOS);
        return;
      case 'SIO_GET_GROUP_QOS':
        if (forced !== 0) this.fail(s, forced, 'call.failed');
        this.reenableEdge(s, FdBit.GROUP_QOS);
        return;
      case 'SIO_ROUTING_INTERFACE_CHANGE':
        if (forced === 0) s.routingArmed = true;
        else this.fail(s, forced, 'call.failed');
        this.reenableEdge(s, FdBit.ROUTING_INTERFACE_CHANGE);
        return;
      case 'SIO_ADDRESS_LIST_CHANGE':
        if (forced === 0) s.addressArmed = true;
        else this.fail(s, forced, 'call.failed');
        this.reenableEdge(s, FdBit.ADDRESS_LIST_CHANGE);
        return;
    }
  }

  private reenableEdge(s: ModelSocket, bit: FdBit): void {
    const m = fdMask(bit);
    if ((s.disabled & m) !== 0) {
      s.disabled &= ~m;
      this.log.note({ socket: s.name, what: 'reenabled', event: FD_NAMES[bit]!, rule: 'edge.change' });
    }
  }

  private setOobInline(s: ModelSocket, value: boolean, forced: number): void {
    if (forced !== 0) return this.fail(s, forced, 'call.failed');
    s.oobInline = value;
    if (value && s.oob > 0) {
      // Out-of-band bytes not yet read join the normal data.
      s.unread += s.oob;
      s.oob = 0;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Network happenings

  private requireConnected(s: ModelSocket): void {
    if (s.type !== 'stream' || (s.phase !== 'connected')) throw new ImpossibleStep(`socket ${s.name} has no connection (it is ${s.type === 'dgram' ? 'a datagram socket' : s.phase})`);
  }

  private peerSends(s: ModelSocket, bytes: number): void {
    this.requireConnected(s);
    if (s.peerFin) throw new ImpossibleStep(`the peer of ${s.name} has sent its FIN already`);
    if (s.abortError !== 0) {
      this.log.note({ socket: s.name, what: 'not-recorded', event: 'FD_READ', rule: 'call.reset', detail: 'data after the connection was reset is dropped' });
      return;
    }
    s.unread += bytes;
    this.happen(s, FdBit.READ, 0, 'read.data');
  }

  private peerSendsOob(s: ModelSocket, bytes: number): void {
    this.requireConnected(s);
    if (s.oobInline) {
      s.unread += bytes;
      this.happen(s, FdBit.READ, 0, 'read.oob-inline');
      return;
    }
    s.oob += bytes;
    this.happen(s, FdBit.OOB, 0, 'oob.data');
  }

  private datagram(s: ModelSocket, bytes: number): void {
    if (s.type !== 'dgram') throw new ImpossibleStep(`socket ${s.name} is a stream socket`);
    if (s.phase === 'new') throw new ImpossibleStep(`socket ${s.name} is not bound, so no datagram can reach it`);
    s.datagrams.push(bytes);
    this.happen(s, FdBit.READ, 0, 'read.data');
  }

  private peerUnreachable(s: ModelSocket): void {
    if (s.type !== 'dgram') throw new ImpossibleStep(`socket ${s.name} is a stream socket (use connect-unreachable)`);
    s.datagramError = E.CONNRESET;
    this.happen(s, FdBit.READ, 0, 'read.data');
  }

  private peerFin(s: ModelSocket): void {
    this.requireConnected(s);
    if (s.peerFin) throw new ImpossibleStep(`the peer of ${s.name} has sent its FIN already`);
    s.peerFin = true;
    if (s.abortError !== 0) return;
    if (this.profile.closeAt === 'fin') {
      this.happen(s, FdBit.CLOSE, 0, 'close.on-fin');
    } else if (s.unread > 0 || s.oob > 0) {
      this.log.note({ socket: s.name, what: 'not-recorded', event: 'FD_CLOSE', rule: 'close.waits-for-read' });
    } else {
      this.happen(s, FdBit.CLOSE, 0, 'close.graceful');
    }
  }

  private resetRule(): string {
    return this.profile.resetCloseError === 'WSAECONNRESET' ? 'close.reset' : 'close.reset-aborted';
  }

  /** The connection was reset (by the peer) or aborted (by this stack): FD_CLOSE with `closeError`. */
  private abort(s: ModelSocket, closeError: number, callError: number, rule: string): void {
    this.requireConnected(s);
    if (s.abortError !== 0) return;
    s.abortError = closeError;
    s.abortCallError = callError;
    // RFC 9293 3.10.7.3: on a reset "all segment queues should be flushed": unread data is gone.
    s.unread = 0;
    s.oob = 0;
    if (s.closeReported) {
      this.log.note({ socket: s.name, what: 'not-recorded', event: 'FD_CLOSE', error: closeError, rule: 'close.once' });
      return;
    }
    this.happen(s, FdBit.CLOSE, closeError, rule);
  }

  private windowOpen(s: ModelSocket): void {
    this.requireConnected(s);
    if (!s.writeBlocked) return;
    s.writeBlocked = false;
    if (!this.profile.sendRecordsWrite) s.disabled &= ~WRITE;
    this.happen(s, FdBit.WRITE, 0, 'write.space');
  }

  private qosChange(s: ModelSocket): void {
    s.qosChanged = true;
    this.happen(s, FdBit.QOS, 0, 'qos.change');
  }

  private edgeChange(s: ModelSocket, bit: FdBit.ROUTING_INTERFACE_CHANGE | FdBit.ADDRESS_LIST_CHANGE, error: number): void {
    const routing = bit === FdBit.ROUTING_INTERFACE_CHANGE;
    const armed = routing ? s.routingArmed : s.addressArmed;
    if (!armed) {
      this.log.note({ socket: s.name, what: 'not-recorded', event: FD_NAMES[bit]!, rule: 'edge.needs-ioctl' });
      return;
    }
    if (routing) s.routingArmed = false;
    else s.addressArmed = false;
    this.happen(s, bit, error, routing ? 'routing.change' : 'address.change');
  }

  /** The network subsystem failed: what the socket waits for fails with WSAENETDOWN. */
  private networkDown(s: ModelSocket): void {
    if (s.type === 'stream' && s.phase === 'connected') {
      this.abort(s, E.NETDOWN, E.NETDOWN, 'close.netdown');
    } else if (s.phase === 'listening') {
      this.happen(s, FdBit.ACCEPT, E.NETDOWN, 'close.netdown');
    } else if (s.type === 'dgram') {
      s.datagramError = E.NETDOWN;
      this.happen(s, FdBit.READ, E.NETDOWN, 'close.netdown');
    } else {
      throw new ImpossibleStep(`socket ${s.name} is ${s.phase}: nothing to report it on`);
    }
  }
}
