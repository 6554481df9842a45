import { fdBitOf } from '../model/fdEvents';
import { wsaName } from '../model/winsockErrors';
import { endpointText } from './socketPlan';
import type { SocketTimeline } from './timeline';
import { ByteWriter, jsonBytes, writtenText } from './byteWriter';

/**
 * JSON literals of the strings that mostly come from small sets (roles, rules, error names, Zeek
 * states and histories, the other profile's usual remarks), as bytes: a lookup and a copy cost
 * less than quoting, and there are millions. The first strings seen fill it; later ones that
 * miss are quoted each time.
 */
const QUOTED = new Map<string, Uint8Array>();
const QUOTED_LIMIT = 4096;

function quoted(w: ByteWriter, s: string): void {
  let q = QUOTED.get(s);
  if (q === undefined) {
    if (QUOTED.size >= QUOTED_LIMIT) {
      w.json(s);
      return;
    }
    q = jsonBytes(s);
    QUOTED.set(s, q);
  }
  w.bytes(q);
}

/**
 * `JSON.stringify(socketView(t))`, written straight from the timeline into `w`: a busy capture
 * has hundreds of thousands of sockets, and building each view object only to serialise it
 * costs as much as replaying it. Same keys in the same order as analyzeView.ts (a test compares
 * the two on every sample). `tail`, when given, is JSON written before the closing brace (the
 * `,"log":…` member of a socket tied to logs).
 */
export function writeSocketJson(w: ByteWriter, t: SocketTimeline, tail = ''): void {
  const s = t.socket;
  const one = s.connections.length === 1 ? s.connections[0]! : null;
  const conn = one === null || s.role === 'listener' ? null : one.zeek;
  w.ascii('{"id":');
  w.num(s.id);
  w.ascii(',"role":');
  quoted(w, s.role);
  w.ascii(',"local":');
  w.json(endpointText(s.ipVersion, s.localAddress, s.localPort));
  w.ascii(',"remote":');
  if (s.remote === null) w.ascii('null');
  else w.json(endpointText(s.ipVersion, s.remote.address, s.remote.port));
  w.ascii(',"connState":');
  if (conn === null) w.ascii('null');
  else quoted(w, conn.connState);
  w.ascii(',"history":');
  if (conn === null) w.ascii('null');
  else quoted(w, conn.history);
  w.ascii(',"connections":[');
  let first = true;
  if (s.role === 'listener') {
    for (const a of s.accepted) {
      for (const c of a.connections) {
        if (!first) w.byte(COMMA);
        first = false;
        w.num(c.id);
      }
    }
  } else {
    for (let i = 0; i < s.connections.length; i++) {
      if (i > 0) w.byte(COMMA);
      w.num(s.connections[i]!.id);
    }
  }
  w.byte(CLOSE_BRACKET);
  if (s.listener !== null) {
    w.ascii(',"listener":');
    w.num(s.listener.id);
  }
  w.ascii(',"localRule":');
  quoted(w, s.localRule);
  w.ascii(',"events":[');
  const events = t.events;
  const masks = reportMasks(t);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    w.ascii(i === 0 ? '{"ts":"' : ',{"ts":"');
    w.seconds(e.ts);
    w.ascii('","frames":[');
    frames(w, e.frames);
    w.ascii('],"event":"');
    w.ascii(e.event);
    w.ascii('","error":');
    if (e.error === 0) w.byte(ZERO);
    else quoted(w, wsaName(e.error));
    w.ascii(',"rule":');
    quoted(w, e.rule);
    w.ascii(',"report":');
    w.num(e.report);
    if (e.lParam !== undefined) {
      w.ascii(',"lParam":');
      w.num(e.lParam);
    } else {
      w.ascii(',"lNetworkEvents":"0x');
      w.ascii(masks[e.report]!.toString(16));
      w.byte(DOUBLE_QUOTE);
    }
    if (e.divergence !== undefined) {
      w.ascii(',"divergence":');
      quoted(w, e.divergence);
    }
    w.byte(CLOSE_BRACE);
  }
  w.ascii('],"otherProfile":[');
  const other = t.otherOnly;
  for (let i = 0; i < other.length; i++) {
    const x = other[i]!;
    w.ascii(i === 0 ? '{"ts":"' : ',{"ts":"');
    w.seconds(x.ts);
    w.ascii('","frames":[');
    frames(w, x.frames);
    w.ascii('],"text":');
    quoted(w, x.text);
    w.byte(CLOSE_BRACE);
  }
  w.ascii('],"diagnosis":[');
  for (let i = 0; i < t.diagnosis.length; i++) {
    if (i > 0) w.byte(COMMA);
    w.json(t.diagnosis[i]!);
  }
  w.byte(CLOSE_BRACKET);
  if (t.program !== undefined) {
    w.ascii(',"program":');
    w.text(JSON.stringify(t.program));
  }
  if (tail !== '') w.text(tail);
  w.byte(CLOSE_BRACE);
}

/** `JSON.stringify(socketView(t))` as a string (see writeSocketJson). */
export function socketJson(t: SocketTimeline): string {
  return writtenText((w) => writeSocketJson(w, t));
}

function frames(w: ByteWriter, f: readonly number[]): void {
  for (let i = 0; i < f.length; i++) {
    if (i > 0) w.byte(COMMA);
    w.num(f[i]!);
  }
}

const COMMA = 0x2c;
const ZERO = 0x30;
const DOUBLE_QUOTE = 0x22;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** By report number: the lNetworkEvents of that WSAEnumNetworkEvents call, the OR of the events it returned. */
function reportMasks(t: SocketTimeline): number[] {
  const masks: number[] = [];
  for (const e of t.events) if (e.lParam === undefined) masks[e.report] = (masks[e.report] ?? 0) | (1 << fdBitOf(e.event)!);
  return masks;
}
