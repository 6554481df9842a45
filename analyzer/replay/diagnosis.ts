import { diffNanoseconds, type Timestamp } from '../capture/timestamp';
import type { Happening } from '../connections/happenings';
import type { ProfileName } from '../model/profile';
import { wsaName } from '../model/winsockErrors';
import type { SocketRun } from './groupRun';
import type { AppModelName } from './options';
import type { ProfileOnlyEvent, TimelineEvent } from './timeline';

function seconds(a: Timestamp, b: Timestamp): string {
  const ns = Number(diffNanoseconds(b, a));
  return `${(ns / 1e9).toFixed(3)} s`;
}

function localHappenings(run: SocketRun): { h: Happening; peer: boolean }[] {
  const out: { h: Happening; peer: boolean }[] = [];
  for (const c of run.plan.connections) for (const h of c.happenings) out.push({ h, peer: h.at !== run.plan.end });
  return out;
}

/**
 * Short lines on what deserves a look in one socket's story: how its connection ended when that
 * is not a plain close, data left unread, stalls, events the mask lost, FD_CLOSE that the
 * documented model would have withheld, and where the wire contradicts the application model.
 */
export function diagnose(run: SocketRun, events: readonly TimelineEvent[], otherOnly: readonly ProfileOnlyEvent[], app: AppModelName, profile: ProfileName): string[] {
  const out: string[] = [];
  const p = run.plan;
  const f = run.facts;
  if (p.connections.some((c) => c.partial) && p.role !== 'listener' && p.role !== 'udp') {
    out.push(`the capture starts in the middle of the connection (frame ${p.firstFrame}): what happened before is unknown`);
  }
  let zeroAt: Happening | null = null;
  let fullAt: Happening | null = null;
  for (const { h, peer } of localHappenings(run)) {
    if (!peer) {
      switch (h.kind) {
        case 'connect-refused':
          if (!events.some((e) => e.event === 'FD_CONNECT' && e.frames.includes(h.frame))) break;
          out.push(`connect refused at frame ${h.frame}: the peer answered the SYN with RST`);
          break;
        case 'connect-unreachable':
          if (!events.some((e) => e.event === 'FD_CONNECT' && e.frames.includes(h.frame))) break;
          out.push(`connect failed at frame ${h.frame}: ICMP${h.icmp.version === 6 ? 'v6' : ''} ${h.icmp.name} from ${h.icmp.from}`);
          break;
        case 'connect-timeout':
          out.push(h.reason === 'abandoned'
            ? `connect timed out: ${h.attempts} SYN${h.attempts === 1 ? '' : 's'} unanswered (last frame ${h.frame})`
            : `connect still pending when the capture ended (${h.attempts} SYN${h.attempts === 1 ? '' : 's'} unanswered): FD_CONNECT unknown`);
          break;
        case 'peer-rst': {
          const close = events.find((e) => e.event === 'FD_CLOSE' && e.frames.includes(h.frame));
          out.push(`reset by the peer at frame ${h.frame}${close === undefined ? '' : `: FD_CLOSE with ${wsaName(close.error)}`}`);
          break;
        }
        case 'local-rst':
          out.push(f.closedBy === 'abort' && f.abortFrame === h.frame
            ? `this end reset the connection at frame ${h.frame}: taken as the program's abortive close (closesocket with SO_LINGER 0, or its exit), so no FD_CLOSE`
            : `this end reset the connection at frame ${h.frame} after retransmitting: taken as the stack giving up (FD_CLOSE with WSAECONNABORTED)`);
          break;
        case 'peer-unreachable': out.push(`ICMP ${h.icmp.name} from ${h.icmp.from} at frame ${h.frame}: the next recvfrom fails with WSAECONNRESET`); break;
        case 'peer-window-zero': zeroAt = h; break;
        case 'peer-window-open':
          if (zeroAt !== null) out.push(`send stalled: the peer's window was zero from frame ${zeroAt.frame} to ${h.frame} (${seconds(zeroAt.ts, h.ts)})`);
          zeroAt = null;
          break;
        default: break;
      }
    } else if (h.kind === 'peer-window-zero') {
      fullAt = h;
    } else if (h.kind === 'peer-window-open' && fullAt !== null) {
      out.push(`receive window full from frame ${fullAt.frame} to ${h.frame} (${seconds(fullAt.ts, h.ts)}): the program was not reading`);
      fullAt = null;
    }
  }
  if (zeroAt !== null) out.push(`send stalled: the peer's window was zero from frame ${zeroAt.frame} until the end of the capture`);
  if (fullAt !== null) out.push(`receive window full from frame ${fullAt.frame} until the end of the capture: the program was not reading`);
  const amount = (n: number): string => `${n} ${p.role === 'udp' ? 'datagram' : 'byte'}${n === 1 ? '' : 's'}`;
  if (f.closedWithUnread > 0) out.push(`closed with ${amount(f.closedWithUnread)} unread`);
  if (f.unreadAtEnd > 0) out.push(`${amount(f.unreadAtEnd)} never read${app === 'none' ? ' (application model none: the program never reads)' : app === 'window' ? ' (the receive window never showed them read)' : ''}`);
  if (app === 'window') out.push(...windowEvidence(run, localHappenings(run)));
  if (p.role === 'listener') {
    if (f.maxBacklog > 1) out.push(`up to ${f.maxBacklog} connections waited for accept at once`);
    if (f.neverAccepted > 0) out.push(`${f.neverAccepted} connection${f.neverAccepted === 1 ? '' : 's'} never accepted`);
  }
  for (const e of events) {
    if (e.event === 'FD_CLOSE' && profile === 'windows' && e.rule === 'close.on-fin' && e.divergence !== undefined) {
      out.push(`FD_CLOSE arrived with data still unread; the documented model would have withheld it until the data was read`);
    }
  }
  for (const o of otherOnly) if (o.text.includes('FD_CLOSE')) out.push(o.text);
  for (const [event, u] of f.unselected) {
    out.push(`${event} happened ${u.count} time${u.count === 1 ? '' : 's'} (first at frame ${u.frame}) but the mask lacks it`);
  }
  const c = f.contradiction;
  if (c !== null) out.push(`${app === 'log' ? 'the log and the wire disagree' : 'the wire contradicts the application model'}: ${c.text}${c.more > 0 ? ` (and ${c.more} more time${c.more === 1 ? '' : 's'})` : ''}`);
  return out;
}

/** Application model `window`: how much the inferred reads rest on, and where the evidence is thin. */
function windowEvidence(run: SocketRun, hs: readonly { h: Happening; peer: boolean }[]): string[] {
  const p = run.plan;
  const f = run.facts;
  if (p.role === 'udp') return ['a UDP socket has no receive window: reads taken as under prompt'];
  if (p.role === 'listener') return [];
  const out: string[] = [];
  const data = hs.some(({ h, peer }) => !peer && h.kind === 'peer-sends');
  const growths = hs.filter(({ h, peer }) => !peer && h.kind === 'local-window-grows').length;
  if (data && growths === 0) {
    out.push(p.connections.some((c) => c.partial)
      ? 'no read inferred: without the handshake the window scale is unknown, so the window is no evidence'
      : 'no read inferred: the receive window never moved on after data arrived (the program did not read, or no window update was captured)');
  } else if (f.windowReads > 0) {
    const paced = f.pacedReads === 0 ? ''
      : f.pacedReads === f.windowReads ? ' (weak evidence: the window only kept pace with the data, which a stack that rounds its window also shows when nothing is read)'
      : ` (${f.pacedReads} on weak evidence: the window only kept pace with the data, which a stack that rounds its window also shows when nothing is read)`;
    out.push(`${f.windowReads} read${f.windowReads === 1 ? '' : 's'} inferred from the receive window${paced}`);
  }
  if (f.idleGrowths > 0) out.push(`the window grew ${f.idleGrowths} time${f.idleGrowths === 1 ? '' : 's'} with nothing unread (receive autotuning, not reads)`);
  if (f.readAtClose > 0) out.push(`${f.readAtClose} byte${f.readAtClose === 1 ? '' : 's'} taken as read at the graceful close: the window never showed it, but closing with unread data would have sent a RST`);
  return out;
}
