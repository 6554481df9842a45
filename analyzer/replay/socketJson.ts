import { formatSeconds } from '../capture/timestamp';
import { fdBitOf } from '../model/fdEvents';
import { wsaName } from '../model/winsockErrors';
import { endpointText } from './socketPlan';
import type { SocketTimeline } from './timeline';

const str = JSON.stringify;

/**
 * JSON of the strings that mostly come from small sets (roles, rules, error names, Zeek states
 * and histories, the other profile's usual remarks): a lookup costs less than a call of
 * JSON.stringify, and there are millions. The first strings seen fill it; later ones that miss
 * are quoted each time.
 */
const QUOTED = new Map<string, string>();
const QUOTED_LIMIT = 4096;

function quoted(s: string): string {
  let q = QUOTED.get(s);
  if (q === undefined) {
    q = str(s);
    if (QUOTED.size < QUOTED_LIMIT) QUOTED.set(s, q);
  }
  return q;
}

/**
 * `JSON.stringify(socketView(t))`, written straight from the timeline: a busy capture has
 * hundreds of thousands of sockets, and building each view object only to serialise it costs
 * as much as replaying it. Same keys in the same order as analyzeView.ts (a test compares the
 * two on every sample); strings that may hold anything go through JSON.stringify.
 */
export function socketJson(t: SocketTimeline): string {
  const s = t.socket;
  const one = s.connections.length === 1 ? s.connections[0]! : null;
  const conn = one === null || s.role === 'listener' ? null : one.zeek;
  const ids = s.role === 'listener' ? s.accepted.flatMap((a) => a.connections.map((c) => c.id)) : s.connections.map((c) => c.id);
  let out = `{"id":${s.id},"role":${quoted(s.role)},"local":${str(endpointText(s.ipVersion, s.localAddress, s.localPort))}` +
    `,"remote":${s.remote === null ? 'null' : str(endpointText(s.ipVersion, s.remote.address, s.remote.port))}` +
    `,"connState":${conn === null ? 'null' : quoted(conn.connState)},"history":${conn === null ? 'null' : quoted(conn.history)}` +
    `,"connections":[${ids.join(',')}]${s.listener !== null ? `,"listener":${s.listener.id}` : ''},"localRule":${quoted(s.localRule)},"events":[`;
  const events = t.events;
  const masks = reportMasks(t);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    out += `${i === 0 ? '' : ','}{"ts":"${formatSeconds(e.ts)}","frames":[${e.frames.join(',')}],"event":"${e.event}"` +
      `,"error":${e.error === 0 ? '0' : quoted(wsaName(e.error))},"rule":${quoted(e.rule)},"report":${e.report}`;
    out += e.lParam !== undefined ? `,"lParam":${e.lParam}` : `,"lNetworkEvents":"0x${masks[e.report]!.toString(16)}"`;
    if (e.divergence !== undefined) out += `,"divergence":${quoted(e.divergence)}`;
    out += '}';
  }
  out += '],"otherProfile":[';
  const other = t.otherOnly;
  for (let i = 0; i < other.length; i++) {
    const x = other[i]!;
    out += `${i === 0 ? '' : ','}{"ts":"${formatSeconds(x.ts)}","frames":[${x.frames.join(',')}],"text":${quoted(x.text)}}`;
  }
  return `${out}],"diagnosis":${t.diagnosis.length === 0 ? '[]' : str(t.diagnosis)}${t.program === undefined ? '' : `,"program":${str(t.program)}`}}`;
}

/** By report number: the lNetworkEvents of that WSAEnumNetworkEvents call, the OR of the events it returned. */
function reportMasks(t: SocketTimeline): number[] {
  const masks: number[] = [];
  for (const e of t.events) if (e.lParam === undefined) masks[e.report] = (masks[e.report] ?? 0) | (1 << fdBitOf(e.event)!);
  return masks;
}
