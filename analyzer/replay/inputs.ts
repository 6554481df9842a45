import type { End, Happening } from '../connections/happenings';
import type { ConnectionRecord } from '../connections/record';
import type { GroupInput, InputPlan } from './groupRun';
import type { PlannedSocket } from './socketPlan';

const SKIP: InputPlan = { kind: 'skip' };

/**
 * What each happening of a connection means for the socket at `end`: a network happening the
 * model hears of, a call the wire proves the program made (a send, a shutdown), or nothing.
 * Decided per connection because some need what comes later: a refusal that Windows retries is
 * not the connect's outcome, and a send blocks on a zero window only if more data followed.
 */
export function planInputs(r: ConnectionRecord, end: End): InputPlan[] {
  const hs = r.happenings;
  const plans: InputPlan[] = [];
  // The urgent byte is counted in peer-sends and again as peer-sends-oob: with SO_OOBINLINE off
  // it is not normal data.
  const oobIn = new Map<number, number>();
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i]!;
    if (h.kind !== 'peer-sends-oob' || h.at !== end) continue;
    for (let j = i - 1; j >= 0; j--) {
      const p = hs[j]!;
      if (p.kind === 'peer-sends' && p.at === end && p.total - p.bytes <= h.offset && h.offset < p.total) {
        oobIn.set(j, (oobIn.get(j) ?? 0) + 1);
        break;
      }
    }
  }
  const sentAgain = (end === 'client' ? r.toServer : r.toClient).retransmissions;
  // One send() per burst: data this end sent with nothing at this end in between is taken as one
  // call (the stack cuts a large send into segments; the program cannot tell them apart).
  let sending = false;
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i]!;
    if (h.at === end) {
      const p = localPlan(h, i, hs, end, oobIn.size === 0 ? 0 : oobIn.get(i) ?? 0, sentAgain);
      plans.push(p);
      if (p.kind !== 'skip') sending = false;
      continue;
    }
    const p = peerPlan(h, sending);
    if (p.kind === 'send') sending = true;
    plans.push(p);
  }
  return plans;
}

function laterRetry(hs: readonly Happening[], i: number, end: End): boolean {
  for (let j = i + 1; j < hs.length; j++) {
    const h = hs[j]!;
    if (h.at === end && h.kind === 'connect-retry') return true;
    if (h.at === end && h.kind === 'connect-established') return false;
  }
  return false;
}

/** After a zero window at `end`, the peer still received data from it: its sends had blocked. */
function sentAfterZeroWindow(hs: readonly Happening[], i: number, end: End): boolean {
  for (let j = i + 1; j < hs.length; j++) {
    const h = hs[j]!;
    if (h.at !== end && h.kind === 'peer-sends') return true;
  }
  return false;
}

function localPlan(h: Happening, i: number, hs: readonly Happening[], end: End, oobBytes: number, sentAgain: number): InputPlan {
  switch (h.kind) {
    case 'connect-attempt': return { kind: 'connect' };
    // The same connect(), retried by the stack.
    case 'connect-retry': return SKIP;
    case 'connect-established': return { kind: 'net', step: { net: 'connect-established' } };
    case 'connect-refused':
      return laterRetry(hs, i, end) ? SKIP : { kind: 'net', step: { net: 'connect-refused' } };
    case 'connect-unreachable':
      return laterRetry(hs, i, end) ? SKIP : { kind: 'net', step: { net: 'connect-unreachable' } };
    case 'connect-timeout':
      // When the capture ended first, the outcome is unknown (the diagnosis says so).
      return h.reason === 'abandoned' ? { kind: 'net', step: { net: 'connect-timeout' } } : SKIP;
    case 'peer-connects': return { kind: 'net', step: { net: 'peer-connects' } };
    case 'peer-sends': {
      const bytes = h.bytes - oobBytes;
      return bytes > 0 ? { kind: 'net', step: { net: 'peer-sends', bytes } } : SKIP;
    }
    case 'peer-sends-oob': return { kind: 'net', step: { net: 'peer-sends-oob', bytes: 1 } };
    case 'peer-fin': return { kind: 'net', step: { net: 'peer-fin' } };
    case 'peer-rst': return { kind: 'net', step: { net: 'peer-rst' } };
    // A receiver drops it: nothing happened at this end.
    case 'rst-ignored': return SKIP;
    case 'local-fin': return { kind: 'fin' };
    // A stack gives up on a connection (and resets it under the program) after retransmitting in
    // vain; a RST out of the blue is the program's abortive close.
    case 'local-rst': return sentAgain > 0 ? { kind: 'net', step: { net: 'local-rst' } } : { kind: 'abort' };
    case 'peer-window-zero':
      return { kind: 'net', step: { net: 'peer-window-zero' }, blockedSend: sentAfterZeroWindow(hs, i, end) };
    case 'peer-window-open': return { kind: 'net', step: { net: 'peer-window-open' } };
    // The program read: only the `window` application model acts on it.
    case 'local-window-grows': return { kind: 'read', bytes: h.bytes, granularity: h.granularity, reopened: h.reopened };
    // TCP carries on after an ICMP error on an established connection: nothing to report.
    case 'icmp-error': return SKIP;
    case 'datagram': return { kind: 'net', step: { net: 'datagram', bytes: h.bytes } };
    case 'peer-unreachable': return { kind: 'net', step: { net: 'peer-unreachable' } };
  }
}

/** A happening at the peer: what this end sent. */
function peerPlan(h: Happening, continuing: boolean): InputPlan {
  if (h.kind === 'peer-sends' || h.kind === 'datagram') {
    // Each datagram is its own sendto.
    return { kind: 'send', bytes: h.bytes, continues: continuing && h.kind === 'peer-sends' };
  }
  return SKIP;
}

/** The group's happenings in capture order (by frame; a connection's own order within a frame). */
export function groupInputs(sockets: readonly PlannedSocket[]): GroupInput[] {
  const inputs: (GroupInput & { seq: number })[] = [];
  let seq = 0;
  // A lone connection's happenings are usually in frame order already; then the sort would keep it.
  let inOrder = true;
  let lastFrame = -Infinity;
  for (const sock of sockets) {
    for (const conn of sock.connections) {
      const plans = planInputs(conn, sock.end);
      const hs = conn.happenings;
      for (let i = 0; i < hs.length; i++) {
        const h = hs[i]!;
        if (h.frame < lastFrame) inOrder = false;
        lastFrame = h.frame;
        inputs.push({ h, sock, local: h.at === sock.end, plan: plans[i]!, seq: seq++ });
      }
    }
  }
  if (!inOrder) inputs.sort((a, b) => a.h.frame - b.h.frame || a.seq - b.seq);
  return inputs;
}
