import { compareTimestamps, type Timestamp } from '../capture/timestamp';
import type { End, Happening } from '../connections/happenings';
import type { LocalDecision } from '../connections/localSides';
import type { ConnectionRecord } from '../connections/record';

/**
 * Which sockets of the diagnosed program a capture shows, and which connections each one saw.
 *
 * - `client`: a local end that sent the SYN (or, mid-stream, the client end): one socket per
 *   connection.
 * - `listener`: one per local listening port (and IP version): it sees every connection that
 *   completed its handshake there, in time order.
 * - `accepted`: a local server end whose connection reached the listener; it inherits the
 *   listener's selection. A server end whose handshake the capture missed has no listener to
 *   come from: it is an accepted socket on its own (`partial`).
 * - `udp`: one per local address and port, over all the flows it took part in.
 *
 * A local server end that never completed a handshake (refused: the port had no listener) and
 * a UDP end answered by ICMP port unreachable have no socket.
 */
export type SocketRole = 'client' | 'listener' | 'accepted' | 'udp';

export interface PlannedSocket {
  /** 1-based, in order of the socket's first frame. */
  id: number;
  readonly role: SocketRole;
  readonly ipVersion: 4 | 6;
  readonly localAddress: string;
  readonly localPort: number;
  /** Null for a listener, and for a UDP socket that exchanged datagrams with several peers. */
  remote: { readonly address: string; readonly port: number } | null;
  /** The connections whose happenings at `end` are this socket's (a listener: none of its own). */
  readonly connections: ConnectionRecord[];
  /** Which end of each connection the socket is (`client` or `server`). */
  readonly end: End;
  /** For an accepted socket: its listener's plan (null when the capture missed the handshake). */
  listener: PlannedSocket | null;
  /** For a listener: its accepted sockets, in order of handshake. */
  readonly accepted: PlannedSocket[];
  readonly firstTs: Timestamp;
  readonly firstFrame: number;
  /** How the local side was decided (the strongest rule among the socket's connections). */
  readonly localRule: LocalDecision['rule'];
}

export interface SocketPlan {
  /** In order of first frame. */
  readonly sockets: readonly PlannedSocket[];
  /** Connections with no local end (the local side could not be decided, or it is another host's). */
  readonly unplaced: readonly ConnectionRecord[];
}

function has(r: ConnectionRecord, at: End, kind: Happening['kind']): boolean {
  return r.happenings.some((h) => h.at === at && h.kind === kind);
}

export function planSockets(connections: readonly ConnectionRecord[], decide: (r: ConnectionRecord) => LocalDecision): SocketPlan {
  const sockets: PlannedSocket[] = [];
  const unplaced: ConnectionRecord[] = [];
  const listeners = new Map<string, PlannedSocket>();
  const udp = new Map<string, PlannedSocket>();

  const make = (role: SocketRole, r: ConnectionRecord, end: End, firstTs: Timestamp, firstFrame: number, rule: LocalDecision['rule']): PlannedSocket => {
    const me = end === 'client' ? r.client : r.server;
    const peer = end === 'client' ? r.server : r.client;
    const s: PlannedSocket = {
      id: 0, role, ipVersion: r.ipVersion, localAddress: me.address, localPort: me.port,
      remote: role === 'listener' ? null : { address: peer.address, port: peer.port },
      connections: role === 'listener' ? [] : [r], end, listener: null, accepted: [], firstTs, firstFrame, localRule: rule,
    };
    sockets.push(s);
    return s;
  };

  for (const r of connections) {
    const d = decide(r);
    if (!d.client && !d.server) {
      unplaced.push(r);
      continue;
    }
    if (r.protocol === 'udp') {
      for (const end of ['client', 'server'] as const) {
        if (!(end === 'client' ? d.client : d.server)) continue;
        // A datagram answered by port unreachable found no socket at this end.
        if (end === 'server' && has(r, 'client', 'peer-unreachable') && !r.happenings.some((h) => h.at === 'client' && h.kind === 'datagram')) continue;
        const me = end === 'client' ? r.client : r.server;
        const key = `${r.ipVersion}|${me.address}|${me.port}`;
        const s = udp.get(key);
        if (s === undefined) {
          udp.set(key, make('udp', r, end, r.start, r.firstFrame, d.rule));
        } else {
          s.connections.push(r);
          const peer = end === 'client' ? r.server : r.client;
          if (s.remote !== null && (s.remote.address !== peer.address || s.remote.port !== peer.port)) s.remote = null;
        }
      }
      continue;
    }
    if (d.client) make('client', r, 'client', r.start, r.firstFrame, d.rule);
    if (d.server) {
      const connects = r.happenings.find((h) => h.at === 'server' && h.kind === 'peer-connects');
      if (connects !== undefined) {
        const key = `${r.ipVersion}|${r.server.port}`;
        let l = listeners.get(key);
        if (l === undefined) {
          l = make('listener', r, 'server', r.start, r.firstFrame, d.rule);
          listeners.set(key, l);
        }
        const a = make('accepted', r, 'server', connects.ts, connects.frame, d.rule);
        a.listener = l;
        l.accepted.push(a);
      } else if (r.partial) {
        make('accepted', r, 'server', r.start, r.firstFrame, d.rule);
      }
      // Otherwise no handshake completed here (refused, or never answered): no socket.
    }
  }

  // A listener listens on every local address its connections used: 0.0.0.0 / :: when several.
  for (const l of listeners.values()) {
    const addrs = new Set(l.accepted.map((a) => a.localAddress));
    if (addrs.size > 1) (l as { localAddress: string }).localAddress = l.ipVersion === 6 ? '::' : '0.0.0.0';
  }

  sockets.sort((a, b) => a.firstFrame - b.firstFrame || compareTimestamps(a.firstTs, b.firstTs) || roleOrder(a.role) - roleOrder(b.role));
  sockets.forEach((s, i) => (s.id = i + 1));
  return { sockets, unplaced };
}

/** A listener exists before the connections it accepts. */
function roleOrder(r: SocketRole): number {
  return r === 'listener' ? 0 : r === 'client' ? 1 : r === 'accepted' ? 2 : 3;
}

/** `10.0.0.5:50412`, `[fe80::1]:443`. */
export function endpointText(ipVersion: 4 | 6, address: string, port: number): string {
  return ipVersion === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}
