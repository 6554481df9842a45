/**
 * Renders what a Windows host's logs would have shown for each sample capture, from the
 * hand-written scenario files next to this one (<stem>.scenario.json), in every text format the
 * log readers accept: netsh TXT, pktmon etl2txt, tracerpt XML and CSV, Get-WinEvent Export-Csv,
 * the program's own log, and one etl2pcapng-style pcapng.
 *
 * It deliberately imports nothing from analyzer/logs: it is a second, independent rendering of the
 * layouts in /work/shared/notes/etw-formats.md, so reading these files back tests the readers
 * against the notes rather than against themselves. Run: node --import tsx samples/logs/make-logs.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureReader } from '../../analyzer/capture/captureReader';
import { toNanoseconds } from '../../analyzer/capture/timestamp';

export const LOGS_DIR = __dirname;
const SAMPLES_DIR = join(__dirname, '..');

// ---- scenario ---------------------------------------------------------------------------------

export interface SocketDef {
  endpoint: string; tcb: string; handle: number; tid: number; cpu: number;
  family: 2 | 23; type: 1 | 2; local: string; remote?: string;
}
export interface EtwEntry {
  frame: number; us: number; socket: string; event: string;
  enterExit?: number; status?: string; length?: number; bytes?: number; seq?: number;
  old?: number; new?: number; sndNxt?: number; backlog?: number; accepted?: string; peer?: string; reason?: number;
}
export interface ProgramLine {
  frame: number; us: number; socket?: string; events?: string; errors?: Record<string, string>;
  call?: string; result?: number; error?: string; note?: string; omit?: boolean; diff?: string;
}
export type ProgramShape = 'fd-words' | 'enum-mask' | 'async-select-macros' | 'async-lparam';
export interface Scenario {
  capture: string; zone: string; culture: 'en-US' | 'en-GB' | 'de-DE'; computer: string; etl: string; cpus: number;
  process: { pid: number; eprocess: string; image: string };
  sockets: Record<string, SocketDef>;
  etw: EtwEntry[];
  program: { shape: ProgramShape; lines: ProgramLine[] };
}

export function scenarioStems(): string[] {
  return readdirSync(LOGS_DIR).filter((f) => f.endsWith('.scenario.json')).map((f) => f.slice(0, -'.scenario.json'.length)).sort();
}

export function loadScenario(stem: string): Scenario {
  return JSON.parse(readFileSync(join(LOGS_DIR, `${stem}.scenario.json`), 'utf8')) as Scenario;
}

interface Frame { n: number; ns: bigint; data: Uint8Array; linkType: number }

function readFrames(capture: string): Frame[] {
  const frames: Frame[] = [];
  const reader = new CaptureReader({ packet: (p) => frames.push({ n: p.n, ns: toNanoseconds(p.ts), data: p.data.slice(), linkType: p.linkType }) });
  reader.push(new Uint8Array(readFileSync(join(SAMPLES_DIR, capture))));
  reader.end();
  return frames;
}

/** `+05:30` → 330. */
function zoneMinutes(zone: string): number {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(zone);
  if (!m) throw new Error(`bad zone ${zone}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Event time: the frame's capture time plus the latency, in whole 100 ns (ETW's unit). */
function atNs(frames: Map<number, Frame>, frame: number, us: number): bigint {
  const f = frames.get(frame);
  if (f === undefined) throw new Error(`no frame ${frame}`);
  const t = f.ns + BigInt(Math.round(us * 10)) * 100n;
  return t - (((t % 100n) + 100n) % 100n);
}

// ---- events -----------------------------------------------------------------------------------

const AFD = { name: 'Microsoft-Windows-Winsock-AFD', guid: 'e53c6823-7bb8-44bb-90dc-3f86090d48a6' };
const TCPIP = { name: 'Microsoft-Windows-TCPIP', guid: '2f07e2ee-15db-40f1-90ef-9d7ba282188a' };
const STATES = ['ClosedState', 'ListenState', 'SynSentState', 'SynRcvdState', 'EstablishedState', 'FinWait1State',
  'FinWait2State', 'CloseWaitState', 'ClosingState', 'LastAckState', 'TimeWaitState'];
/** Opcode numbers: Open 10 and Closed 15 are documented (afd-event-create/close); the rest are assumed. */
const OPCODES: Record<string, number> = { Info: 0, Open: 10, Connected: 12, Aborted: 13, Closed: 15, Disconnected: 16 };
/** AFD's "Seq" (Location): a private code location, constant per call site. */
const LOCATION: Record<string, number> = {
  'afd.socket': 7001, 'afd.bind': 7020, 'afd.listen': 7030, 'afd.connect': 7010, 'afd.accept': 7041, 'afd.connind': 7040,
  'afd.dataind': 7060, 'afd.recv': 7061, 'afd.send': 7051, 'afd.sendto': 7053, 'afd.recvfrom': 7063, 'afd.disc': 7070,
  'afd.abort': 7081, 'afd.close': 7090,
};

export interface RenderedEvent {
  readonly ns: bigint;
  readonly provider: typeof AFD;
  readonly id: number;
  readonly version: number;
  readonly level: 2 | 4;
  readonly opcode: string;
  readonly task: string;
  readonly keywords: bigint;
  readonly pid: number;
  readonly tid: number;
  readonly cpu: number;
  readonly fields: readonly (readonly [string, string])[];
  readonly message: string;
}

const hex = (n: number, w = 0): string => `0x${n.toString(16).toUpperCase().padStart(w, '0')}`;
const addrLen = (s: SocketDef): string => (s.family === 23 ? '28' : '16');
/** NTSTATUS as AFD messages print it (a plain UInt32, decimal) and as TCPIP prints it (hex). */
const afdStatus = (st: string | undefined): string => String(Number(st ?? '0'));
const tcpStatus = (st: string | undefined): string => (Number(st ?? '0') === 0 ? '0' : hex(Number(st)));

function renderEvent(sc: Scenario, e: EtwEntry, ns: bigint, i: number): RenderedEvent {
  const s = sc.sockets[e.socket];
  if (s === undefined) throw new Error(`${sc.capture}: event ${i} names unknown socket ${e.socket}`);
  const P = sc.process.eprocess;
  const dgram = s.type === 2;
  const ee = e.enterExit ?? 1;
  const loc = String(LOCATION[e.event] ?? 0);
  const buffer = hex(0x1f000000000 + s.handle * 0x10000);
  const proc = { pid: sc.process.pid, tid: s.tid, cpu: s.cpu };
  // Indications and completions driven by an arriving segment run in a DPC: no process context.
  const dpc = { pid: 0, tid: 0, cpu: s.cpu };
  const afd = (id: number, task: string, opcode: string, source: 'winsock' | 'transport', ctx: typeof proc, fields: [string, string][], message: string, level: 2 | 4 = 4): RenderedEvent => ({
    ns, provider: AFD, id, version: 0, level, opcode, task, ...ctx, fields, message,
    keywords: 0x8000000000000000n | (source === 'winsock' ? 0x4n : 0x8n) | (dgram ? 0x1n : 0x2n),
  });
  const tcp = (id: number, version: number, task: string, ctx: typeof proc, fields: [string, string][], message: string, level: 2 | 4 = 4): RenderedEvent => ({
    ns, provider: TCPIP, id, version, level, opcode: 'Info', task, ...ctx, fields, message, keywords: 0x8000000000000000n,
  });
  const peerOf = (name: string | undefined): SocketDef => {
    const p = name !== undefined ? sc.sockets[name] : undefined;
    if (p === undefined) throw new Error(`${sc.capture}: event ${i} needs accepted=<socket>`);
    return p;
  };
  const conn = (status: string | undefined): [string, string][] => [
    ['LocalAddressLength', addrLen(s)], ['LocalAddress', s.local], ['RemoteAddressLength', addrLen(s)], ['RemoteAddress', s.remote ?? ''],
    ['Status', tcpStatus(status)], ['ProcessId', String(sc.process.pid)], ['Compartment', '1'], ['Tcb', s.tcb], ['ProcessStartKey', '281474976710721'],
  ];
  const tcbAddr = (newState: number): [string, string][] => [
    ['Tcb', s.tcb], ['LocalAddressLength', addrLen(s)], ['LocalAddress', s.local], ['RemoteAddressLength', addrLen(s)], ['RemoteAddress', s.remote ?? ''],
    ['NewState', String(newState)], ['RexmitCount', '0'],
  ];
  const io = (len: number, st: string | undefined): [string, string][] => [
    ['EnterExit', String(ee)], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['BufferCount', '1'], ['Buffer', buffer], ['BufferLength', String(len)], ['Status', afdStatus(st)],
  ];
  switch (e.event) {
    case 'afd.socket':
      return afd(1000, 'AfdCreate', 'Open', 'winsock', proc, [
        ['EnterExit', String(ee)], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['AddressFamily', String(s.family)],
        ['SocketType', String(s.type)], ['Protocol', dgram ? '17' : '6'], ['ProcessId', hex(sc.process.pid)], ['Status', '0'],
      ], `socket: ${ee}: Process ${P} (${hex(sc.process.pid)}), Endpoint ${s.endpoint}, Family ${s.family}, Type ${s.type}, Protocol ${dgram ? 17 : 6}, Seq ${loc}, Status 0`);
    case 'afd.bind':
      return afd(1030, 'AfdBindWithAddress', 'Connected', 'winsock', proc, [
        ['EnterExit', String(ee)], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['Status', '0'], ['AddressLen', addrLen(s)], ['Address', s.local],
      ], `bind: ${ee}: Process ${P}, Endpoint ${s.endpoint}, Address ${s.local}, Seq ${loc}, Status 0`);
    case 'afd.listen':
      return afd(1037, 'AfdListen', 'Info', 'winsock', proc, [
        ['EnterExit', String(ee)], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['Backlog', String(e.backlog ?? 5)], ['Status', '0'],
      ], `Listen: ${ee}: Process ${P}, Endpoint ${s.endpoint}, Backlog ${e.backlog ?? 5}, Seq ${loc}, Status 0`);
    case 'afd.connect':
      return afd(1018, 'AfdConnectWithAddress', 'Connected', 'winsock', ee === 0 ? proc : dpc, [
        ['EnterExit', String(ee)], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['Buffer', '0x0'], ['BufferLength', '0'],
        ['Status', afdStatus(e.status)], ['AddressLen', addrLen(s)], ['Address', s.remote ?? ''],
      ], `connect: ${ee}: Process ${P}, Endpoint ${s.endpoint}, Address ${s.remote}, Seq ${loc}, Status ${afdStatus(e.status)}`);
    case 'afd.connind': {
      const a = peerOf(e.accepted);
      return afd(3001, 'AfdConnectIndicationWithAddress', 'Info', 'transport', dpc, [
        ['EnterExit', '3'], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['Status', '0'], ['AddressLen', addrLen(s)], ['Address', a.remote ?? ''],
        ['CurrentBacklog', String(e.backlog ?? 1)],
      ], `Connect indication: 3: Process ${P}, Endpoint ${s.endpoint}, Address ${a.remote}, Backlog Count ${e.backlog ?? 1}, Seq ${loc}, Status 0`);
    }
    case 'afd.accept': {
      const a = peerOf(e.accepted);
      return afd(1024, 'AfdAcceptWithAddress', 'Connected', 'winsock', proc, [
        ['EnterExit', String(ee)], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['Buffer', '0x0'], ['BufferLength', '0'], ['Status', '0'],
        ['AddressLen', addrLen(s)], ['Address', a.remote ?? ''], ['AcceptEndpoint', a.endpoint], ['CurrentBacklog', String(e.backlog ?? 0)],
      ], `accept: ${ee}: Process ${P}, Endpoint ${s.endpoint}, Address ${a.remote}, Accept Endpoint ${a.endpoint}, Current Backlog ${e.backlog ?? 0}, Seq ${loc}, Status 0`);
    }
    case 'afd.dataind': {
      const len = String(e.length ?? 0);
      const base: [string, string][] = [['EnterExit', '3'], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['Buffer', '0x0'], ['BufferLength', len]];
      if (e.peer === undefined) return afd(3003, 'AfdDataIndication', 'Info', 'transport', dpc, base, `Data indication: 3: Process ${P}, Endpoint ${s.endpoint}, Buffer 0x0, Length ${len}, Seq ${loc}`);
      return afd(3004, 'AfdDataIndicationWithAddress', 'Info', 'transport', dpc, [...base, ['AddressLen', addrLen(s)], ['Address', e.peer]],
        `Data indication: 3: Process ${P}, Endpoint ${s.endpoint}, Buffer 0x0, Length ${len}, Address ${e.peer}, Seq ${loc}`);
    }
    case 'afd.recv':
    case 'afd.send': {
      const [id, task, word] = e.event === 'afd.recv' ? [1004, 'AfdReceive', 'recv'] as const : [1003, 'AfdSend', 'send'] as const;
      return afd(id, task, 'Connected', 'winsock', proc, io(e.length ?? 0, e.status),
        `${word}: ${ee}: Process ${P}, Endpoint ${s.endpoint}, Buffer Count 1, Buffer ${buffer}, Length ${e.length ?? 0}, Seq ${loc}, Status ${afdStatus(e.status)}`);
    }
    case 'afd.sendto':
    case 'afd.recvfrom': {
      const [id, task, word] = e.event === 'afd.sendto' ? [1007, 'AfdSendToWithAddress', 'sendto'] as const : [1009, 'AfdReceiveFromWithAddress', 'recvfrom'] as const;
      return afd(id, task, 'Connected', 'winsock', proc, [...io(e.length ?? 0, e.status), ['AddressLen', addrLen(s)], ['Address', e.peer ?? '']],
        `${word}: ${ee}: Process ${P}, Endpoint ${s.endpoint}, Buffer Count 1, Buffer ${buffer}, Length ${e.length ?? 0}, Addr ${e.peer}, Seq ${loc}, Status ${afdStatus(e.status)}`);
    }
    case 'afd.disc':
      return afd(3006, 'AfdDisconnect', 'Disconnected', 'transport', dpc, [['EnterExit', '3'], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['Status', '0']],
        `disconnect indicated: 3: Process ${P}, Endpoint ${s.endpoint}, Seq ${loc}`);
    case 'afd.abort':
      return afd(1032, 'AfdAbort', 'Aborted', 'winsock', dpc, [['EnterExit', '2'], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['Reason', String(e.reason ?? 0)]],
        `connection aborted: 2: Process ${P}, Endpoint ${s.endpoint}, Seq ${loc}, Reason ${e.reason ?? 0}`, 2);
    case 'afd.close':
      return afd(1001, 'AfdClose', 'Closed', 'winsock', proc, [['EnterExit', String(ee)], ['Location', loc], ['Process', P], ['Endpoint', s.endpoint], ['Status', '0']],
        `closesocket: ${ee}: Process ${P}, Endpoint ${s.endpoint}, Seq ${loc}, Status 0`);
    case 'tcp.connreq':
      return tcp(1002, 0, 'TcpRequestConnect', proc, tcbAddr(2), `TCP: Tcb ${s.tcb} (local=${s.local} remote=${s.remote}) requested to connect.`);
    case 'tcp.state': {
      const from = e.old ?? 0, to = e.new ?? 0;
      return tcp(1051, 0, 'TcpTcbStateChange', dpc, [['OldState', String(from)], ['NewState', String(to)], ['SndNxt', String(e.sndNxt ?? 0)], ['Tcb', s.tcb]],
        `TCP: connection ${s.tcb} transition from ${from}(${STATES[from]}) to ${to}(${STATES[to]}), SndNxt = ${e.sndNxt ?? 0}.`);
    }
    case 'tcp.conncomplete':
      return tcp(1033, 1, 'TcpConnectTcbComplete', dpc, conn('0'), `TCP: connection ${s.tcb} (local=${s.local} remote=${s.remote}) connect completed. PID = ${sc.process.pid}.`);
    case 'tcp.connfail':
      return tcp(1034, 1, 'TcpConnectTcbFailure', dpc, conn(e.status), `TCP: connection ${s.tcb} (local=${s.local} remote=${s.remote}) connect attempt failed with status = ${tcpStatus(e.status)}.`, 2);
    case 'tcp.connrst':
      return tcp(1183, 0, 'TcpConnectTcbFailedRcvdRst', dpc, tcbAddr(0), `TCP: connection ${s.tcb} (local=${s.local} remote=${s.remote}) connect failed: received RST.`);
    case 'tcp.accept':
      return tcp(1017, 1, 'TcpAcceptListenerComplete', dpc, conn('0'), `TCP: listener (local=${s.local} remote=${s.remote}) accept completed. TCB = ${s.tcb}. PID = ${sc.process.pid}.`);
    case 'tcp.close':
      return tcp(1038, 1, 'TcpCloseTcbRequest', proc, conn('0'), `TCP: connection ${s.tcb} (local=${s.local} remote=${s.remote}) close issued.`);
    case 'tcp.abort':
      return tcp(1039, 1, 'TcpAbortTcbRequest', proc, conn('0'), `TCP: connection ${s.tcb} (local=${s.local} remote=${s.remote}) abort issued.`);
    case 'tcp.shutdown':
      return tcp(1044, 1, 'TcpShutdownTcb', proc, conn('0'), `TCP: connection ${s.tcb} (local=${s.local} remote=${s.remote}) shutdown initiated (0). PID = ${sc.process.pid}.`);
    case 'tcp.rst':
      return tcp(1184, 0, 'TcpConnectionTerminatedRcvdRst', dpc, tcbAddr(0), `TCP: connection ${s.tcb} (local=${s.local} remote=${s.remote}) connection terminated: received RST.`);
    case 'tcp.recv':
      return tcp(1074, 1, 'TcpDataTransferReceive', dpc, [['Tcb', s.tcb], ['NumBytes', String(e.bytes ?? 0)], ['SeqNo', String(e.seq ?? 0)], ['NumPkt', '1']],
        `TCP: connection ${s.tcb}: Received data with number of bytes = ${e.bytes ?? 0}. ThSeq = ${e.seq ?? 0}.`);
    case 'tcp.udpsend':
    case 'tcp.udprecv': {
      const send = e.event === 'tcp.udpsend';
      const fields: [string, string][] = [['Endpoint', s.tcb], ['NumMessages', '1'], ['NumBytes', String(e.bytes ?? 0)], ['LocalSockAddrLength', addrLen(s)], ['LocalSockAddr', s.local],
        ['RemoteSockAddrLength', addrLen(s)], ['RemoteSockAddr', e.peer ?? ''], ['Pid', String(sc.process.pid)], ['ProcessStartKey', '281474976710721']];
      return send
        ? tcp(1169, 1, 'UdpEndpointSendMessages', proc, fields, `UDP: endpoint ${s.tcb} (LocalAddress = ${s.local}, RemoteAddress = ${e.peer}) sending 1 messages and a total of ${e.bytes ?? 0} bytes. PID = ${sc.process.pid}.`)
        : tcp(1170, 1, 'UdpEndpointReceiveMessages', dpc, fields, `UDP: endpoint ${s.tcb} (LocalAddress = ${s.local}, RemoteAddress = ${e.peer}) delivering ${e.bytes ?? 0} bytes. PID = ${sc.process.pid}.`);
    }
    default:
      throw new Error(`${sc.capture}: unknown event kind ${e.event}`);
  }
}

// ---- time text --------------------------------------------------------------------------------

interface Parts { Y: string; M: string; D: string; h: string; m: string; s: string; f9: string; hour: number; month: number; day: number; year: number }

/** Wall-clock parts of a UTC instant shifted by `minutes`. */
function parts(utcNs: bigint, minutes: number): Parts {
  const ns = utcNs + BigInt(minutes) * 60_000_000_000n;
  const sec = ns / 1_000_000_000n;
  const d = new Date(Number(sec) * 1000);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return {
    Y: String(d.getUTCFullYear()), M: p2(d.getUTCMonth() + 1), D: p2(d.getUTCDate()), h: p2(d.getUTCHours()), m: p2(d.getUTCMinutes()), s: p2(d.getUTCSeconds()),
    f9: String(ns % 1_000_000_000n).padStart(9, '0'), hour: d.getUTCHours(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), year: d.getUTCFullYear(),
  };
}

const netshTime = (p: Parts): string => `${p.Y}/${p.M}/${p.D}-${p.h}:${p.m}:${p.s}.${p.f9}`;
const pktmonTime = (p: Parts): string => `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s}.${p.f9}`;
const clockTime = (p: Parts): string => `${p.h}:${p.m}:${p.s}.${p.f9}`;

function cultureTime(p: Parts, culture: Scenario['culture']): string {
  if (culture === 'en-US') {
    const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
    return `${p.month}/${p.day}/${p.year} ${h12}:${p.m}:${p.s} ${p.hour < 12 ? 'AM' : 'PM'}`;
  }
  if (culture === 'en-GB') return `${p.D}/${p.M}/${p.Y} ${p.h}:${p.m}:${p.s}`;
  return `${p.D}.${p.M}.${p.Y} ${p.h}:${p.m}:${p.s}`;
}

const FILETIME_EPOCH = 116444736000000000n;
const filetime = (utcNs: bigint): bigint => utcNs / 100n + FILETIME_EPOCH;

// ---- formats ----------------------------------------------------------------------------------

const CRLF = '\r\n';
const pidTid = (e: RenderedEvent): string => `${e.pid.toString(16).toUpperCase().padStart(4, '0')}.${e.tid.toString(16).toUpperCase().padStart(4, '0')}`;

export function netshText(events: readonly RenderedEvent[], minutes: number, shift: (ns: bigint) => bigint = (n) => n): string {
  return events.map((e) => `[${e.cpu}]${pidTid(e)}::${netshTime(parts(shift(e.ns), minutes))} [${e.provider.name}]${e.message}${CRLF}`).join('');
}

export function pktmonText(events: readonly RenderedEvent[], minutes: number, timeOnly: boolean): string {
  return events.map((e) => {
    const p = parts(e.ns, minutes);
    return timeOnly
      ? `${clockTime(p)} [${e.provider.name}] ${e.message}${CRLF}`
      : `[${e.cpu}]${pidTid(e)}::${pktmonTime(p)} [${e.provider.name}] ${e.message}${CRLF}`;
  }).join('');
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function tracerptXml(events: readonly RenderedEvent[], zone: string): string {
  const minutes = zoneMinutes(zone);
  const out = ['<Events>'];
  for (const e of events) {
    const p = parts(e.ns, minutes);
    out.push(
      '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
      '\t<System>',
      `\t\t<Provider Name="${e.provider.name}" Guid="{${e.provider.guid}}" />`,
      `\t\t<EventID>${e.id}</EventID>`,
      `\t\t<Version>${e.version}</Version>`,
      `\t\t<Level>${e.level}</Level>`,
      `\t\t<Task>${e.id}</Task>`,
      `\t\t<Opcode>${OPCODES[e.opcode]}</Opcode>`,
      `\t\t<Keywords>${hex16(e.keywords)}</Keywords>`,
      `\t\t<TimeCreated SystemTime="${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.f9}${zone}" />`,
      '\t\t<Correlation ActivityID="{00000000-0000-0000-0000-000000000000}" />',
      `\t\t<Execution ProcessID="${e.pid}" ThreadID="${e.tid}" ProcessorID="${e.cpu}" KernelTime="0" UserTime="0" />`,
      '\t\t<Channel />',
      '\t\t<Computer />',
      '\t</System>',
      '\t<EventData>',
      ...e.fields.map(([k, v]) => `\t\t<Data Name="${k}">${xmlEscape(v)}</Data>`),
      '\t</EventData>',
      '\t<RenderingInfo Culture="en-US">',
      `\t\t<Message>${xmlEscape(e.message)}</Message>`,
      `\t\t<Level>${e.level === 2 ? 'Error' : 'Information'} </Level>`,
      `\t\t<Task>${e.task}</Task>`,
      `\t\t<Opcode>${e.opcode}</Opcode>`,
      `\t\t<Provider>${e.provider.name}</Provider>`,
      '\t</RenderingInfo>',
      '</Event>',
    );
  }
  out.push('</Events>');
  return out.join(CRLF) + CRLF;
}

const hex16 = (k: bigint): string => `0x${k.toString(16).toUpperCase().padStart(16, '0')}`;
const ADDRESS_FIELDS = new Set(['Address', 'LocalAddress', 'RemoteAddress', 'LocalSockAddr', 'RemoteSockAddr']);
const CSV_HEADER = 'Event Name, Type, Event ID, Version, Channel, Level, Opcode, Task, Keyword, PID, TID, Processor Number, Instance ID, Parent Instance ID, Activity ID, Related Activity ID, Clock-Time, Kernel(ms), User(ms), User Data';

export function tracerptCsv(events: readonly RenderedEvent[], startNs: bigint): string {
  const hex8 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
  // Addresses are strings in the payload rendering, so quoted; numbers and pointers are not.
  const value = (k: string, v: string): string => (ADDRESS_FIELDS.has(k) ? `"${v}"` : v);
  const rows = [CSV_HEADER,
    `EventTrace, Header, 0, 2, 0, 0, 0, 0, 0x0000000000000000, 0x00000000, 0x00000000, 0, , , , , ${filetime(startNs)}, 0, 0, 65536, 1, 4, ${events.length}`];
  for (const e of events) {
    rows.push([
      e.provider.name, `${e.opcode} `, e.id, e.version, 16, e.level, OPCODES[e.opcode], e.id, hex16(e.keywords), hex8(e.pid), hex8(e.tid), e.cpu,
      '', '', '{00000000-0000-0000-0000-000000000000}', '', filetime(e.ns), 0, 0, ...e.fields.map(([k, v]) => value(k, v)),
    ].join(', '));
  }
  return rows.join(CRLF) + CRLF;
}

const WINEVENT_COLUMNS = ['Message', 'Id', 'Version', 'Qualifiers', 'Level', 'Task', 'Opcode', 'Keywords', 'RecordId', 'ProviderName', 'ProviderId',
  'LogName', 'ProcessId', 'ThreadId', 'MachineName', 'UserId', 'TimeCreated', 'ActivityId', 'RelatedActivityId', 'ContainerLog', 'MatchedQueryIds',
  'Bookmark', 'LevelDisplayName', 'OpcodeDisplayName', 'TaskDisplayName', 'KeywordsDisplayNames', 'Properties'];

export function wineventCsv(events: readonly RenderedEvent[], sc: Scenario): string {
  const minutes = zoneMinutes(sc.zone);
  const q = (v: string | number): string => `"${String(v).replace(/"/g, '""')}"`;
  const rows = ['#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord', WINEVENT_COLUMNS.map(q).join(',')];
  events.forEach((e, i) => {
    // .NET shows the Keywords long signed: the channel bit makes it negative.
    const keywords = BigInt.asIntN(64, e.keywords);
    rows.push([
      e.message, e.id, e.version, '', e.level, e.id, OPCODES[e.opcode]!, keywords.toString(), i, e.provider.name, e.provider.guid,
      '', e.pid, e.tid, sc.computer, '', cultureTime(parts(e.ns, minutes), sc.culture), '', '', sc.etl, 'System.UInt32[]',
      'System.Diagnostics.Eventing.Reader.EventBookmark', e.level === 2 ? 'Error' : 'Information', e.opcode, e.task,
      'System.Collections.ObjectModel.ReadOnlyCollection`1[System.String]', 'System.Collections.Generic.List`1[System.Diagnostics.Eventing.Reader.EventProperty]',
    ].map(q).join(','));
  });
  return rows.join(CRLF) + CRLF;
}

// ---- the program's own log --------------------------------------------------------------------

const FD_BITS = ['FD_READ', 'FD_WRITE', 'FD_OOB', 'FD_ACCEPT', 'FD_CONNECT', 'FD_CLOSE'];
/** The Winsock errors the scenarios use (winsock2.h). */
const WSA: Record<string, number> = { WSAEWOULDBLOCK: 10035, WSAECONNABORTED: 10053, WSAECONNRESET: 10054, WSAECONNREFUSED: 10061, WSAETIMEDOUT: 10060 };
const errNum = (e: string | undefined): number => (e === undefined || e === '0' ? 0 : WSA[e] ?? Number(e));

function programTime(shape: ProgramShape, p: Parts, zone: string): string {
  switch (shape) {
    case 'fd-words': return `[${p.h}:${p.m}:${p.s}.${p.f9.slice(0, 6)}]`;
    case 'enum-mask': return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s}.${p.f9.slice(0, 6)}`;
    case 'async-select-macros': return `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.f9.slice(0, 7)}${zone}`;
    case 'async-lparam': return `${p.Y}/${p.M}/${p.D} ${p.h}:${p.m}:${p.s}.${p.f9.slice(0, 3)}`;
  }
}

/** The lines one program-log entry becomes (several for a WSAAsyncSelect shape: one message per event). */
export function programLines(sc: Scenario, l: ProgramLine, time: string): string[] {
  if (l.omit) return [];
  if (l.note !== undefined) return [`${time} ${l.note}`];
  const s = l.socket !== undefined ? sc.sockets[l.socket] : undefined;
  if (s === undefined) throw new Error(`${sc.capture}: program line at frame ${l.frame} names no known socket`);
  if (l.call !== undefined) {
    return [`${time} ${l.call}(${s.handle}) = ${l.result ?? 0}${l.error !== undefined ? ` ${l.error}` : ''}`];
  }
  const names = (l.events ?? '').split('|');
  const bits = names.map((n) => FD_BITS.indexOf(n));
  if (bits.some((b) => b < 0)) throw new Error(`${sc.capture}: bad events ${l.events}`);
  const errorOf = (n: string): number => errNum(l.errors?.[n]);
  switch (sc.program.shape) {
    case 'fd-words': {
      const err = names.map((n) => l.errors?.[n]).find((e) => e !== undefined) ?? '0';
      return [`${time} sock ${s.handle}: ${names.join('|')} err=${err}`];
    }
    case 'enum-mask': {
      const order = [...names].sort((a, b) => FD_BITS.indexOf(a) - FD_BITS.indexOf(b));
      const mask = bits.reduce((m, b) => m | (1 << b), 0);
      return [`${time} socket ${s.handle} WSAEnumNetworkEvents: lNetworkEvents=0x${mask.toString(16)} ${order.map((n) => `iErrorCode[${n}_BIT]=${errorOf(n)}`).join(' ')}`];
    }
    case 'async-select-macros':
      return names.map((n) => `${time} WM_SOCKET wParam=${s.handle} WSAGETSELECTEVENT(lParam)=0x${(1 << FD_BITS.indexOf(n)).toString(16)} WSAGETSELECTERROR(lParam)=${errorOf(n)}`);
    case 'async-lparam':
      return names.map((n) => {
        const lParam = ((errorOf(n) & 0xffff) * 0x10000 + (1 << FD_BITS.indexOf(n))) >>> 0;
        return `${time} WM_SOCKET msg wParam=${s.handle} lParam=0x${lParam.toString(16).padStart(8, '0')}`;
      });
  }
}

function programLog(sc: Scenario, frames: Map<number, Frame>): string {
  const minutes = zoneMinutes(sc.zone);
  const timed = sc.program.lines.map((l, i) => ({ l, i, ns: atNs(frames, l.frame, l.us) }));
  // The log is written as things happen: a late line lands after what came before it.
  timed.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.i - b.i));
  return timed.flatMap(({ l, ns }) => programLines(sc, l, programTime(sc.program.shape, parts(ns, minutes), sc.zone))).map((x) => `${x}\n`).join('');
}

// ---- etl2pcapng -------------------------------------------------------------------------------

class PcapngOut {
  private readonly chunks: Uint8Array[] = [];
  block(type: number, body: Uint8Array): void {
    const padded = (body.length + 3) & ~3;
    const b = new Uint8Array(12 + padded);
    const v = new DataView(b.buffer);
    v.setUint32(0, type, true);
    v.setUint32(4, b.length, true);
    b.set(body, 8);
    v.setUint32(8 + padded, b.length, true);
    this.chunks.push(b);
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}

function options(list: readonly (readonly [number, Uint8Array])[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [code, value] of list) {
    const h = new Uint8Array(4);
    new DataView(h.buffer).setUint16(0, code, true);
    new DataView(h.buffer).setUint16(2, value.length, true);
    parts.push(h, value, new Uint8Array(((value.length + 3) & ~3) - value.length));
  }
  parts.push(new Uint8Array(4));
  return Buffer.concat(parts);
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const u32s = (...ns: number[]): Uint8Array => {
  const b = new Uint8Array(ns.length * 4);
  ns.forEach((n, i) => new DataView(b.buffer).setUint32(i * 4, n, true));
  return b;
};

/**
 * As microsoft/etl2pcapng ≥ 1.12 writes it: one interface, µs timestamps, each packet with
 * `epb_flags` direction, option 8 (PID, TID) and the `PID=<pid> TID=<tid>` comment; every other
 * provider's event as a systemd Journal Export block (type 9), in time order.
 */
export function etl2pcapng(sc: Scenario, frames: readonly Frame[], events: readonly RenderedEvent[]): Uint8Array {
  const out = new PcapngOut();
  const shb = new Uint8Array(16);
  const v = new DataView(shb.buffer);
  v.setUint32(0, 0x1a2b3c4d, true);
  v.setUint16(4, 1, true);
  v.setUint16(6, 0, true);
  v.setBigInt64(8, -1n, true);
  out.block(0x0a0d0d0a, Buffer.concat([shb, options([[4, utf8('etl2pcapng')]])]));
  const idb = new Uint8Array(8);
  new DataView(idb.buffer).setUint16(0, frames[0]!.linkType, true);
  new DataView(idb.buffer).setUint32(4, 0, true);
  out.block(1, Buffer.concat([idb, options([[2, utf8('eth:1:0')], [3, utf8('LWF over IfIndex 1')], [9, new Uint8Array([6])]])]));
  type Item = { ns: bigint; order: number; write: () => void };
  const items: Item[] = [];
  frames.forEach((f, i) => items.push({ ns: f.ns, order: i, write: () => {
    const { pid, tid, inbound } = packetContext(sc, f);
    const us = f.ns / 1000n;
    const head = new Uint8Array(20);
    const d = new DataView(head.buffer);
    d.setUint32(0, 0, true);
    d.setUint32(4, Number(us >> 32n), true);
    d.setUint32(8, Number(us & 0xffffffffn), true);
    d.setUint32(12, f.data.length, true);
    d.setUint32(16, f.data.length, true);
    const pad = new Uint8Array(((f.data.length + 3) & ~3) - f.data.length);
    out.block(6, Buffer.concat([head, f.data, pad, options([[1, utf8(`PID=${pid} TID=${tid}`)], [2, u32s(inbound ? 1 : 2)], [8, u32s(pid, tid)]])]));
  } }));
  events.forEach((e, i) => items.push({ ns: e.ns, order: frames.length + i, write: () => {
    out.block(9, utf8(`__REALTIME_TIMESTAMP=${e.ns / 1000n}\n_COMM=${e.provider.name}\nMESSAGE=${e.message}\n`));
  } }));
  items.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.order - b.order));
  for (const it of items) it.write();
  return out.bytes();
}

/** Who sent the packet, by its TCP source port; ndiscap logs receives in a DPC (PID 0). */
function packetContext(sc: Scenario, f: Frame): { pid: number; tid: number; inbound: boolean } {
  const ipStart = f.linkType === 1 ? 14 : 20;
  const ihl = (f.data[ipStart]! & 0x0f) * 4;
  const sport = (f.data[ipStart + ihl]! << 8) | f.data[ipStart + ihl + 1]!;
  const sender = Object.values(sc.sockets).find((s) => s.remote !== undefined && Number(s.local.split(':').pop()) === sport);
  return sender ? { pid: sc.process.pid, tid: sender.tid, inbound: false } : { pid: 0, tid: 0, inbound: true };
}

// ---- everything -------------------------------------------------------------------------------

/** The clock variants of one sample, for the clock-alignment tests. */
export const CLOCK_SAMPLE = 'reset-abort';
export const SKEW_NS = -40_000_000n;
export const DRIFT_PPM = 50n;
export const JOURNAL_SAMPLE = 'reset-abort';

export interface Built {
  readonly scenario: Scenario;
  readonly events: readonly RenderedEvent[];
  readonly frames: readonly Frame[];
}

export function build(stem: string): Built {
  const sc = loadScenario(stem);
  const frames = readFrames(sc.capture);
  const byN = new Map(frames.map((f) => [f.n, f]));
  const events = sc.etw.map((e, i) => ({ e, i, ns: atNs(byN, e.frame, e.us) }))
    .sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.i - b.i))
    .map(({ e, i, ns }) => renderEvent(sc, e, ns, i));
  return { scenario: sc, events, frames };
}

/** Every generated file, by name in samples/logs/, as bytes. */
export function renderAll(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const stem of scenarioStems()) {
    const { scenario: sc, events, frames } = build(stem);
    const minutes = zoneMinutes(sc.zone);
    const byN = new Map(frames.map((f) => [f.n, f]));
    files.set(`${stem}.netsh.txt`, utf8(netshText(events, minutes)));
    files.set(`${stem}.pktmon.txt`, utf8(pktmonText(events, minutes, false)));
    files.set(`${stem}.tracerpt.xml`, utf8(tracerptXml(events, sc.zone)));
    files.set(`${stem}.tracerpt.csv`, utf8(tracerptCsv(events, frames[0]!.ns - 20_000_000n)));
    files.set(`${stem}.winevent.csv`, utf8(wineventCsv(events, sc)));
    files.set(`${stem}.program.log`, utf8(programLog(sc, byN)));
    if (stem === CLOCK_SAMPLE) {
      const t0 = frames[0]!.ns;
      const skew = (ns: bigint): bigint => {
        const t = ns + SKEW_NS + ((ns - t0) * DRIFT_PPM) / 1_000_000n;
        return t - (t % 100n);
      };
      files.set(`${stem}.skewed.netsh.txt`, utf8(netshText(events, minutes, skew)));
      // Written one hour ahead of the zone it claims to be (a DST mistake), as UTF-16LE with a BOM.
      files.set(`${stem}.wrongzone.netsh.txt`, utf16le(netshText(events, minutes + 60)));
      files.set(`${stem}.nodate.pktmon.txt`, utf8(pktmonText(events, minutes, true)));
    }
    if (stem === JOURNAL_SAMPLE) files.set(`${stem}.etl2pcapng.pcapng`, etl2pcapng(sc, frames, events));
  }
  return files;
}

function utf16le(s: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
}

if (require.main === module) {
  const files = renderAll();
  for (const [name, bytes] of files) writeFileSync(join(LOGS_DIR, name), bytes);
  process.stdout.write(`wrote ${files.size} files to ${LOGS_DIR}\n`);
}
