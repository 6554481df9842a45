import type { GroupInput, InputPlan } from './groupRun';
import type { PlannedSocket } from './socketPlan';

/**
 * The shape of a lone socket's input: everything GroupRun and the event model read from it,
 * and nothing they only copy into the output (frames, timestamps, addresses). Two sockets with
 * the same shape get the same run, step for step (see replayMemo.ts).
 *
 * Byte counts: under the application models `prompt` and `none` (not `window`, which reads by
 * the window's numbers and compares them with what is unread) the model only adds them up,
 * takes all of what it holds (recv of 'all'), and tests a sum or a datagram for zero, so only
 * whether each count is zero can change a run; the numbers themselves only reach the output as
 * unread totals, which a memoised run must not have (replayMemo.ts).
 */
export function shapeKey(sock: PlannedSocket, inputs: readonly GroupInput[]): string {
  let key = sock.role;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const next = inputs[i + 1];
    // Happenings of one frame are handled before the program runs (GroupRun.run).
    const sameFrame = next !== undefined && next.h.frame === input.h.frame;
    key += `;${input.local ? 'L' : 'P'}${kindShape(input.h.kind)}${planShape(input.plan)}${sameFrame ? '=' : ''}`;
  }
  return key;
}

/** The happening kinds GroupRun reads beside the plan (when a socket comes into being); the plan says the rest. */
function kindShape(kind: string): string {
  return kind === 'connect-attempt' ? 'A:' : kind === 'peer-connects' ? 'C:' : '';
}

function planShape(p: InputPlan): string {
  const amount = (n: number): string => (n === 0 ? '0' : '+');
  switch (p.kind) {
    case 'net': {
      const bytes = 'bytes' in p.step ? amount(p.step.bytes) : '';
      // An error that overrides the default (an ICMP code's) is reported as it is.
      const error = 'error' in p.step && p.step.error !== undefined ? `!${p.step.error}` : '';
      return `${p.step.net}${bytes}${error}${p.blockedSend === true ? 'B' : ''}`;
    }
    case 'send': return `send${amount(p.bytes)}${p.continues ? 'C' : ''}`;
    // Only the application model `window` (never memoised) reads by it; kept whole all the same.
    case 'read': return `read${p.bytes}/${p.granularity}${p.reopened ? 'R' : ''}`;
    default: return p.kind;
  }
}
