/**
 * Log events that must coincide with a packet: the pairs the clock alignment measures. Only
 * events that happen once per connection anchor the estimate (a connect request and the SYN,
 * its completion and the SYN/ACK, a connection indication and the handshake, a disconnect
 * indication and the FIN, a transport abort and the RST); the k-th such event of a subject is
 * paired with the k-th happening of that kind at its socket. A program's own log carries no
 * such event: there the first FD_CONNECT, FD_ACCEPT, FD_CLOSE and FD_READ it reports stand in, against
 * the reconstructed events, which are the same instants plus the program's reaction time.
 */
import type { Timestamp } from '../capture/timestamp';
import type { HappeningKind } from '../connections/happenings';
import { wsaCode } from '../model/winsockErrors';
import type { LogFact } from './logFact';
import type { LoadedLog } from './loadedLog';
import type { LogTime } from './logRecord';
import type { LogSocket } from './logSockets';
import type { SubjectInfo } from './tie';

export interface ClockPair {
  readonly log: LogTime;
  readonly capture: Timestamp;
  /** `connect completed ↔ SYN/ACK`: what was paired, for the residuals table. */
  readonly what: string;
  readonly line: number;
  readonly frame: number | null;
  /** True for the program's reported events: they lag the wire by the program's reaction. */
  readonly fromProgram: boolean;
}

const HAPPENING_TEXT: Partial<Record<HappeningKind, string>> = {
  'connect-attempt': 'SYN',
  'connect-established': 'SYN/ACK',
  'connect-refused': 'RST answering the SYN',
  'connect-unreachable': 'ICMP unreachable',
  'peer-connects': 'handshake completed',
  'peer-fin': 'peer FIN',
  'peer-rst': 'peer RST',
  'local-rst': 'RST sent',
  datagram: 'datagram',
};

/** The happening a fact coincides with, and the fact's name in the pair's text; null for no anchor. */
export function anchorOf(f: LogFact): { kind: HappeningKind; text: string } | null {
  switch (f.kind) {
    case 'connect':
      if (f.phase === 'request') return { kind: 'connect-attempt', text: 'connect request' };
      if (f.error === undefined || f.error === 0) return f.status === 0x103 ? null : { kind: 'connect-established', text: 'connect completed' };
      if (f.error === wsaCode('WSAECONNREFUSED')) return { kind: 'connect-refused', text: 'connect refused' };
      if (f.error === wsaCode('WSAENETUNREACH') || f.error === wsaCode('WSAEHOSTUNREACH')) return { kind: 'connect-unreachable', text: 'connect unreachable' };
      return null;
    case 'connect-indication': return { kind: 'peer-connects', text: 'connection indicated' };
    case 'disconnect-indication': return { kind: 'peer-fin', text: 'disconnect indicated' };
    case 'abort': return f.by === 'transport' ? { kind: 'peer-rst', text: 'transport abort' } : null;
    case 'tcp':
      switch (f.what) {
        case 'connect-request': return { kind: 'connect-attempt', text: 'TCP connect requested' };
        case 'connect-complete': return { kind: 'connect-established', text: 'TCP connect completed' };
        case 'connect-rst': return { kind: 'connect-refused', text: 'TCP connect failed: RST' };
        case 'connect-failed':
          return f.error === wsaCode('WSAECONNREFUSED') ? { kind: 'connect-refused', text: 'TCP connect failed' } : null;
        case 'accept-complete': return { kind: 'peer-connects', text: 'TCP accept completed' };
        case 'fin-received': return { kind: 'peer-fin', text: 'TCP delivering FIN' };
        case 'rst-received': return { kind: 'peer-rst', text: 'TCP received RST' };
        case 'rst-sent': return { kind: 'local-rst', text: 'TCP sent RST' };
        default: return null;
      }
    default: return null;
  }
}

/** The anchor pairs of every tied subject of a log. */
export function anchorPairs(log: LoadedLog, subjects: Iterable<SubjectInfo>, sockets: ReadonlyMap<number, LogSocket>): ClockPair[] {
  const pairs: ClockPair[] = [];
  for (const info of subjects) {
    if (info.tie === null) continue;
    const sock = sockets.get(info.tie.socket);
    if (sock === undefined) continue;
    const seen = new Map<HappeningKind, number>();
    const programFirst = new Set<string>();
    for (const pf of info.facts) {
      const rec = log.records[pf.record]!;
      if (rec.time === null) continue;
      const f = pf.fact;
      if (f.kind === 'fd-event') {
        if (programFirst.has(f.event) || !['FD_CONNECT', 'FD_ACCEPT', 'FD_CLOSE', 'FD_READ'].includes(f.event)) continue;
        programFirst.add(f.event);
        const e = sock.timeline.events.find((x) => x.event === f.event);
        if (e === undefined) continue;
        pairs.push({ log: rec.time, capture: e.ts, what: `${f.event} reported ↔ ${f.event} reconstructed`, line: rec.line, frame: e.frames[0] ?? null, fromProgram: true });
        continue;
      }
      // A datagram socket's data indications are one per datagram: each anchors (a stream's
      // indications coalesce segments, so they do not).
      const a = f.kind === 'data-indication' && sock.role === 'udp' ? { kind: 'datagram' as const, text: 'datagram indicated' } : anchorOf(f);
      if (a === null) continue;
      const n = seen.get(a.kind) ?? 0;
      seen.set(a.kind, n + 1);
      const h = sock.byKind.get(a.kind)?.[n];
      if (h === undefined) continue;
      pairs.push({ log: rec.time, capture: h.ts, what: `${a.text} ↔ ${HAPPENING_TEXT[a.kind] ?? a.kind}`, line: rec.line, frame: h.frame, fromProgram: false });
    }
  }
  return pairs;
}
