/**
 * The compact, hand-written form of a step's expected outcome in conformance files:
 *
 *   result [=bytes] [{EVENT[:ERROR],…}] [post[SOCKET:EVENT[:ERROR][@lParam],…]] set|unset
 *
 * e.g. `ok {FD_READ,FD_CLOSE:WSAECONNABORTED} unset`, `WSAEWOULDBLOCK unset`,
 * `ok post[s:FD_CONNECT,s:FD_WRITE] unset`, `ok post[s:FD_CLOSE:WSAECONNABORTED@0x27450020] unset`.
 * An lParam given by hand is compared too; without one only event and error are.
 */
import type { SimulatedStep } from '../../analyzer/model/simulate';

/** The actual outcome in the same form (lParams always written, for messages). */
export function compactOutcome(s: SimulatedStep, withLParam: boolean): string {
  const parts: string[] = [s.result];
  if (s.returned !== undefined) parts.push(`=${s.returned}`);
  if (s.reported !== undefined) parts.push(`{${s.reported.map((r) => (r.error === 0 ? r.event : `${r.event}:${r.error}`)).join(',')}}`);
  if (s.posted !== undefined) {
    const items = s.posted.map((p) => `${p.socket}:${p.event}${p.error === 0 ? '' : `:${p.error}`}${withLParam ? `@0x${p.lParam.toString(16).padStart(8, '0')}` : ''}`);
    parts.push(`post[${items.join(',')}]`);
  }
  parts.push(s.signaled ? 'set' : 'unset');
  return parts.join(' ');
}

/** Whether the expectation names lParams (then the comparison includes them). */
export function namesLParam(expected: string): boolean {
  return expected.includes('@');
}

/** Normalises hand-written spacing and lParam case so only meaning is compared. */
export function normaliseExpectation(expected: string): string {
  return expected.trim().replace(/\s+/g, ' ').replace(/@0x([0-9a-fA-F]+)/g, (_, h: string) => `@0x${h.toLowerCase().padStart(8, '0')}`);
}
