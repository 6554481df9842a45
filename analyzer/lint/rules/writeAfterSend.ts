import { FdBit } from '../../model/fdEvents';
import { onErrorPath } from '../flow';
import type { LintContext, LintDiagnostic } from '../lintRules';
import { calleeName, descendants, enclosingFunction, fieldOf, within, type Syn } from '../syntax';

const SENDS = new Set(['send', 'WSASend', 'sendto', 'WSASendTo', 'lpWSPSend', 'WSPSend']);
const TRUE = /^(TRUE|true|1)$/;
const FALSE = /^(FALSE|false|0)$/;

/**
 * A "may send" flag that only the FD_WRITE handler sets, cleared after a send on the success
 * path (not inside a test for SOCKET_ERROR/WSAEWOULDBLOCK): the program waits for an FD_WRITE
 * after every send, which real Windows never records after a successful send (write.send-quiet).
 */
export function writeAfterSend(ctx: LintContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  const writeBranches = [...ctx.eventTests.values()].flat().filter((t) => t.bit === FdBit.WRITE && t.branch !== null).map((t) => t.branch!);
  if (writeBranches.length === 0) return out;
  // Flags set true: where, all of them.
  const setsTrue = new Map<string, Syn[]>();
  const clears: { name: string; node: Syn }[] = [];
  for (const n of descendants(ctx.root)) {
    if (n.type !== 'assignment_expression' || fieldOf(n, 'operator')?.text !== '=') continue;
    const left = fieldOf(n, 'left')?.text.replace(/\s+/g, '');
    const right = fieldOf(n, 'right')?.text.trim() ?? '';
    if (left === undefined) continue;
    if (TRUE.test(right)) setsTrue.set(left, [...(setsTrue.get(left) ?? []), n]);
    else if (FALSE.test(right)) clears.push({ name: left, node: n });
  }
  for (const { name, node } of clears) {
    const sets = setsTrue.get(name);
    if (sets === undefined || !sets.every((s) => writeBranches.some((b) => within(s, b)))) continue;
    const fn = enclosingFunction(node);
    if (fn === null || writeBranches.some((b) => within(node, b))) continue;
    const send = [...descendants(fn)].find((c) => c.type === 'call_expression' && SENDS.has(calleeName(c) ?? '') && c.end <= node.start);
    if (send === undefined || onErrorPath(node, fn)) continue;
    out.push({
      rule: 'write-after-send', severity: 'warning', node,
      message: `${name} is cleared after a successful ${calleeName(send)} and set again only on FD_WRITE: FD_WRITE comes after a send that failed with WSAEWOULDBLOCK, ` +
        'not after every send (real Windows records nothing after a successful send), so sending stalls; clear it only when send fails with WSAEWOULDBLOCK',
      related: [{ node: send, message: 'the send' }], fix: null,
    });
  }
  return out;
}
