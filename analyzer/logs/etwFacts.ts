/**
 * What an ETW record of Winsock-AFD, Winsock-Sockets or TCPIP says about a socket, as LogFacts.
 * The mapping follows the notes' table "How AFD events relate to FD_*" (etw-formats.md §1.1):
 * AFD requests are the program's calls, AFD indications the causes of FD_* events, TCPIP the
 * connection as the transport saw it.
 *
 * AFD requests log EnterExit 0 when the call starts and 1 when it completes. Only connect has a
 * fact for both (the replay cares when the SYN was asked for and when the outcome came); every
 * other call gives one fact at completion, when its Status is known. Records without EnterExit
 * (legacy events, 2/3/4 internal actions) are single events and always count.
 */
import type { EndpointText, LogFact, LogSubject } from './logFact';
import type { LogRecord } from './logRecord';
import { normalizeProvider, PROVIDERS } from './catalog/index';
import { identify, readPairs } from './templateMatch';
import { NO_NTSTATUS, winsockErrorOf } from './ntstatus';
import { decodeAddress, decodeEndpoint, decodeNtStatus, decodeNumber, pointerId } from './values';

type Fields = Readonly<Record<string, string>>;

/** Event id and the fields to read, from the record or from its message. */
function resolve(r: LogRecord, provider: string): { id: number; fields: Fields } | null {
  const hasFields = Object.keys(r.fields).length > 0;
  if (r.eventId !== null && hasFields) return { id: r.eventId, fields: r.fields };
  const found = identify(provider, r.message);
  if (r.eventId !== null) {
    const fields = found !== null && found.spec.id === r.eventId ? found.fields : readPairs(r.message);
    return { id: r.eventId, fields };
  }
  if (found === null) return null;
  return { id: found.spec.id, fields: hasFields ? { ...found.fields, ...r.fields } : found.fields };
}

export function etwFacts(r: LogRecord): LogFact[] {
  if (r.provider === null) return [];
  const provider = normalizeProvider(r.provider);
  if (provider !== PROVIDERS.AFD && provider !== PROVIDERS.TCPIP && provider !== PROVIDERS.WINSOCK_SOCKETS) return [];
  const ev = resolve(r, provider);
  if (ev === null) return [];
  const fact =
    provider === PROVIDERS.AFD ? afdFact(ev.id, ev.fields, r.pid)
      : provider === PROVIDERS.TCPIP ? tcpipFact(ev.id, ev.fields)
        : socketsFact(ev.id, ev.fields, r.pid);
  return fact === null ? [] : [fact];
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

interface Where {
  readonly local?: EndpointText | null;
  readonly remote?: EndpointText | null;
  readonly pid?: number | null;
}

/** The FactBase, leaving out what the record did not give (no `undefined` members). */
function base(subject: LogSubject, where: Where = {}): { subject: LogSubject; local?: string; remote?: string; pid?: number } {
  const b: { subject: LogSubject; local?: string; remote?: string; pid?: number } = { subject };
  if (where.local != null) b.local = where.local;
  if (where.remote != null) b.remote = where.remote;
  if (where.pid != null) b.pid = where.pid;
  return b;
}

function num(fields: Fields, name: string): number | null {
  return decodeNumber(fields[name])?.value ?? null;
}

/** The outcome of a Status field; success when the record has none (it reported no failure). */
function outcome(text: string | undefined): { status: number; error: number } {
  const status = decodeNtStatus(text) ?? 0;
  return { status, error: winsockErrorOf(status) };
}

function first(fields: Fields, ...names: string[]): string | undefined {
  for (const n of names) if (fields[n] !== undefined) return fields[n];
  return undefined;
}

/** A PID from an event field, or the line prefix's when it names a real process (not 0). */
function pidOf(text: string | undefined, fallback: number | null): number | null {
  const v = decodeNumber(text)?.value;
  if (v !== undefined && v > 0) return v;
  return fallback !== null && fallback > 0 ? fallback : null;
}

function socketType(n: number | null): 'stream' | 'dgram' | 'other' | undefined {
  if (n === null) return undefined;
  return n === 1 ? 'stream' : n === 2 ? 'dgram' : 'other';
}

// ---------------------------------------------------------------------------------------------
// Microsoft-Windows-Winsock-AFD

function afdSubject(text: string | undefined): LogSubject {
  const id = pointerId(text);
  return id === null ? { kind: 'none', id: '' } : { kind: 'afd', id };
}

/** Legacy events write the address and the port as two fields. */
function legacyEndpoint(fields: Fields): EndpointText | null {
  const address = decodeAddress(fields.Address);
  const port = num(fields, 'Port');
  if (address === null || port === null || port < 0 || port > 65535) return null;
  return decodeEndpoint(address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
}

const AFD_SEND = new Set([1003, 1005, 1007, 1011, 1013]);
const AFD_RECV = new Set([1004, 1006, 1009, 1012, 1015]);
const AFD_CONNECT = new Set([1017, 1018, 1020, 1021]);
const AFD_ACCEPT = new Set([1023, 1024, 1026, 1027]);

function afdFact(id: number, f: Fields, linePid: number | null): LogFact | null {
  if (id < 1000) return afdLegacyFact(id, f);
  const subject = afdSubject(f.Endpoint);
  const enterExit = num(f, 'EnterExit');
  const completion = enterExit !== 0;
  // Requests (1000–1037) run in the calling thread: the line's PID is the program's.
  const callerPid = id < 3000 ? pidOf(undefined, linePid) : null;
  const address = decodeEndpoint(f.Address);

  if (id === 1000) {
    if (!completion) return null;
    const o = outcome(f.Status);
    if (o.error !== 0) return null;
    const family = num(f, 'AddressFamily');
    const type = socketType(num(f, 'SocketType'));
    return {
      ...base(subject, { pid: pidOf(f.ProcessId, linePid) }),
      kind: 'socket',
      ...(family !== null ? { family } : {}),
      ...(type !== undefined ? { type } : {}),
    };
  }
  if (id === 1001) return completion ? { ...base(subject, { pid: callerPid }), kind: 'closesocket', ...outcome(f.Status) } : null;
  if (id === 1029 || id === 1030) {
    return completion ? { ...base(subject, { local: address, pid: callerPid }), kind: 'bind', ...outcome(f.Status) } : null;
  }
  if (id === 1037) {
    if (!completion) return null;
    const backlog = num(f, 'Backlog');
    return { ...base(subject, { pid: callerPid }), kind: 'listen', ...(backlog !== null ? { backlog } : {}), ...outcome(f.Status) };
  }
  if (AFD_CONNECT.has(id)) {
    const b = base(subject, { remote: address, pid: callerPid });
    return completion ? { ...b, kind: 'connect', phase: 'complete', ...outcome(f.Status) } : { ...b, kind: 'connect', phase: 'request' };
  }
  if (AFD_ACCEPT.has(id)) {
    if (!completion) return null;
    const accepted = pointerId(f.AcceptEndpoint);
    const backlog = num(f, 'CurrentBacklog');
    return {
      ...base(subject, { remote: address, pid: callerPid }),
      kind: 'accept',
      ...(accepted !== null ? { accepted: { kind: 'afd' as const, id: accepted } } : {}),
      ...(backlog !== null ? { backlog } : {}),
      ...outcome(f.Status),
    };
  }
  if (AFD_SEND.has(id) || AFD_RECV.has(id)) {
    if (!completion) return null;
    const bytes = num(f, 'BufferLength');
    return {
      ...base(subject, { remote: address, pid: callerPid }),
      kind: AFD_SEND.has(id) ? 'send' : 'recv',
      ...(bytes !== null ? { bytes } : {}),
      ...outcome(f.Status),
    };
  }
  if (id === 1032) {
    const reason = f.Reason?.trim();
    return { ...base(subject), kind: 'abort', by: 'afd', ...(reason ? { reason } : {}) };
  }
  if (id === 3000 || id === 3001) {
    const backlog = num(f, 'CurrentBacklog');
    return { ...base(subject, { remote: address }), kind: 'connect-indication', ...(backlog !== null ? { backlog } : {}) };
  }
  if (id === 3003 || id === 3004) {
    const bytes = num(f, 'BufferLength');
    return { ...base(subject, { remote: address }), kind: 'data-indication', ...(bytes !== null ? { bytes } : {}) };
  }
  if (id === 3006) return { ...base(subject), kind: 'disconnect-indication' };
  return null;
}

function afdLegacyFact(id: number, f: Fields): LogFact | null {
  const subject = afdSubject(f.Endpoint ?? f.ListenEndpoint);
  const endpoint = legacyEndpoint(f);
  switch (id) {
    case 1: {
      const family = num(f, 'AddressFamily');
      const type = socketType(num(f, 'SocketType'));
      return {
        ...base(subject, { pid: pidOf(f.UserModePid, null) }),
        kind: 'socket',
        ...(family !== null ? { family } : {}),
        ...(type !== undefined ? { type } : {}),
      };
    }
    case 2: case 3:
      return { ...base(subject, { local: endpoint }), kind: 'bind', ...outcome(f.Status) };
    case 40:
      return { ...base(subject), kind: 'bind', ...outcome(f.Error) };
    case 4: case 5:
      return { ...base(subject, { remote: endpoint }), kind: 'connect', phase: 'request' };
    case 6:
      return { ...base(subject), kind: 'connect', phase: 'complete', ...outcome(f.Error) };
    case 7: case 8: {
      const reason = f.Reason?.trim();
      return { ...base(subject), kind: 'abort', by: id === 7 ? 'afd' : 'transport', ...(reason ? { reason } : {}) };
    }
    case 9: case 10:
      return { ...base(subject), kind: 'send', ...outcome(f.Error) };
    case 11: case 12:
      return { ...base(subject), kind: 'recv', ...outcome(f.Error) };
    case 13:
      return { ...base(subject), kind: 'closesocket', ...outcome(f.Error) };
    case 15: case 16:
      return { ...base(subject, { remote: endpoint }), kind: 'accept', ...outcome(f.Status) };
    case 17:
      return { ...base(subject), kind: 'accept', ...outcome(f.Error) };
    case 32: {
      const mask = num(f, 'EventMask');
      return mask === null ? null : { ...base(subject), kind: 'select', mask };
    }
    case 35: case 36:
      return { ...base(subject, { remote: endpoint }), kind: 'connect-indication' };
    case 37: case 38: case 39: {
      const bytes = num(f, 'BytesIndicated');
      return { ...base(subject, { remote: id === 37 ? null : endpoint }), kind: 'data-indication', ...(bytes !== null ? { bytes } : {}) };
    }
    case 41:
      return { ...base(subject), kind: 'disconnect-indication' };
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Microsoft-Windows-Winsock-Sockets

/**
 * SOCKET handles as decimal text: programs print them with %d/%u, the manifest renders the
 * Pointer as hex; one spelling lets tie.ts join the two.
 */
function socketSubject(text: string | undefined): LogSubject {
  if (text === undefined) return { kind: 'none', id: '' };
  const n = decodeNumber(text);
  return { kind: 'socket', id: n !== null ? String(n.value) : text.trim().toLowerCase() };
}

function socketsFact(id: number, f: Fields, linePid: number | null): LogFact | null {
  const error = num(f, 'ErrorCode') ?? 0;
  // These events give the Winsock error itself; there is no NTSTATUS to report.
  const status = error === 0 ? 0 : NO_NTSTATUS;
  const pid = pidOf(f.ProcessId, linePid);
  const address = decodeEndpoint(f.Address);
  switch (id) {
    case 2: {
      if (error !== 0) return null;
      const family = num(f, 'AddressFamily');
      const type = socketType(num(f, 'SocketType'));
      return {
        ...base(socketSubject(f.Socket), { pid }),
        kind: 'socket',
        ...(family !== null ? { family } : {}),
        ...(type !== undefined ? { type } : {}),
      };
    }
    case 4:
      return { ...base(socketSubject(f.Socket), { pid }), kind: 'closesocket', error };
    case 6: {
      const accepted = f.SocketAccepted !== undefined && error === 0 ? socketSubject(f.SocketAccepted) : null;
      return {
        ...base(socketSubject(f.SocketListening), { pid }),
        kind: 'accept',
        ...(accepted !== null ? { accepted } : {}),
        status,
        error,
      };
    }
    case 10:
      return { ...base(socketSubject(f.Socket), { remote: address, pid }), kind: 'connect', phase: 'complete', error };
    case 12:
      return { ...base(socketSubject(f.Socket), { local: address, pid }), kind: 'bind', status, error };
    case 16: {
      const backlog = num(f, 'Backlog');
      return { ...base(socketSubject(f.Socket), { pid }), kind: 'listen', ...(backlog !== null ? { backlog } : {}), status, error };
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Microsoft-Windows-TCPIP

type TcpWhat = Extract<LogFact, { kind: 'tcp' }>['what'];

const TCP_WHAT = new Map<number, TcpWhat>([
  [1002, 'connect-request'],
  [1033, 'connect-complete'],
  [1034, 'connect-failed'],
  [1045, 'connect-timeout'],
  [1183, 'connect-rst'],
  [1017, 'accept-complete'],
  [1016, 'accept-rejected'],
  [1038, 'close'],
  [1039, 'abort'],
  [1040, 'abort'],
  [1043, 'disconnect-complete'],
  [1044, 'shutdown'],
  [1184, 'rst-received'],
  [1479, 'rst-sent'],
  [1185, 'syn-received'],
  [1046, 'rto-timeout'],
  [1047, 'keepalive-timeout'],
  [1176, 'fin-received'],
  [1051, 'state'],
  [1300, 'state'],
  [1074, 'data-received'],
  [1332, 'data-sent'],
  [1159, 'data-sent'],
  [1186, 'connect-retransmit'],
]);

/** TCP_CONNECTION_STATE (notes §1.3), for a state written as a bare number. */
const TCP_STATES = [
  'ClosedState', 'ListenState', 'SynSentState', 'SynRcvdState', 'EstablishedState', 'FinWait1State',
  'FinWait2State', 'CloseWaitState', 'ClosingState', 'LastAckState', 'TimeWaitState',
];

function stateName(text: string | undefined): string | null {
  if (text === undefined) return null;
  const n = decodeNumber(text);
  if (n === null) {
    const word = /^[A-Za-z0-9]+/.exec(text.trim());
    return word === null ? null : word[0];
  }
  return n.name ?? TCP_STATES[n.value] ?? null;
}

function tcpipFact(id: number, f: Fields): LogFact | null {
  const what = TCP_WHAT.get(id);
  if (what === undefined) return null;
  const tcb = pointerId(f.Tcb);
  const subject: LogSubject = tcb === null ? { kind: 'none', id: '' } : { kind: 'tcb', id: tcb };
  const where = base(subject, {
    local: decodeEndpoint(first(f, 'LocalAddress', 'LocalSockAddr', 'local', 'Local')),
    remote: decodeEndpoint(first(f, 'RemoteAddress', 'RemoteSockAddr', 'remote', 'Remote')),
    pid: pidOf(first(f, 'ProcessId', 'Pid', 'PID'), null),
  });
  const extra: { state?: string; bytes?: number; status?: number; error?: number } = {};
  if (what === 'state') {
    const s = stateName(id === 1051 ? f.NewState : first(f, 'State', 'TcpState'));
    if (s !== null) extra.state = s;
  }
  if (what === 'data-received' || what === 'data-sent') {
    const bytes = num(f, id === 1332 ? 'BytesSent' : 'NumBytes');
    if (bytes !== null) extra.bytes = bytes;
  }
  const status = decodeNtStatus(f.Status);
  if (status !== null) {
    extra.status = status;
    extra.error = winsockErrorOf(status);
  }
  return { ...where, kind: 'tcp', what, ...extra };
}
