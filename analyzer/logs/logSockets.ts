import { compareTimestamps, type Timestamp } from '../capture/timestamp';
import type { Happening, HappeningKind } from '../connections/happenings';
import type { SocketRole } from '../replay/socketPlan';
import type { SocketTimeline } from '../replay/timeline';
import { normalizeAddress, type Endpoint } from './endpoints';

/** A reconstructed socket as the log side sees it: endpoints, time span, and its own happenings. */
export interface LogSocket {
  readonly id: number;
  readonly role: SocketRole;
  readonly local: Endpoint;
  /** Null for a listener and a UDP socket with several peers (`peers` lists them). */
  readonly remote: Endpoint | null;
  readonly peers: readonly Endpoint[];
  readonly first: Timestamp;
  readonly last: Timestamp;
  /** An accepted socket's listener. */
  readonly listener: number | null;
  /** The happenings at this socket's end, in frame order (a listener: its accepted sockets' handshakes). */
  readonly happenings: readonly Happening[];
  /** The same, by kind: anchors pair the k-th event of a kind with the k-th happening of it. */
  readonly byKind: ReadonlyMap<HappeningKind, readonly Happening[]>;
  readonly timeline: SocketTimeline;
}

export function logSockets(timelines: readonly SocketTimeline[]): LogSocket[] {
  return timelines.map((t) => {
    const s = t.socket;
    const own = s.role === 'listener' ? s.accepted : [s];
    const happenings: Happening[] = [];
    const peers: Endpoint[] = [];
    let last = s.firstTs;
    for (const sock of own) {
      for (const c of sock.connections) {
        const peer = sock.end === 'client' ? c.server : c.client;
        peers.push({ address: normalizeAddress(peer.address), port: peer.port });
        for (const h of c.happenings) {
          if (h.at !== sock.end) continue;
          // A listener sees only the handshakes it queues for accept.
          if (s.role === 'listener' && h.kind !== 'peer-connects') continue;
          happenings.push(h);
        }
        if (compareTimestamps(c.end, last) > 0) last = c.end;
      }
    }
    happenings.sort((a, b) => a.frame - b.frame);
    const byKind = new Map<HappeningKind, Happening[]>();
    for (const h of happenings) {
      const list = byKind.get(h.kind);
      if (list === undefined) byKind.set(h.kind, [h]);
      else list.push(h);
    }
    const local = { address: normalizeAddress(s.localAddress), port: s.localPort };
    return {
      id: s.id, role: s.role, local, remote: s.remote === null ? null : { address: normalizeAddress(s.remote.address), port: s.remote.port },
      peers, first: s.firstTs, last, listener: s.listener?.id ?? null, happenings, byKind, timeline: t,
    };
  });
}
