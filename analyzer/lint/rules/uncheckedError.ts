import { FD_NAMES, FdBit } from '../../model/fdEvents';
import type { EventTest } from '../eventTests';
import type { LintContext, LintDiagnostic } from '../lintRules';
import { callArguments, calleeName, descendants, fieldOf, unwrap, type Syn } from '../syntax';
import type { ConstantScope } from '../constants';

/** Errors that change what the program must do: a failed connect, an abortive close. */
const WEIGHTY = new Set<number>([FdBit.CONNECT, FdBit.CLOSE]);
const RECORD_USERS = new Set(['WSAEnumNetworkEvents', 'WSPEnumNetworkEvents', 'lpWSPEnumNetworkEvents', 'memset', 'ZeroMemory', 'SecureZeroMemory', 'sizeof']);
const ERROR_MACROS = new Set(['WSAGETSELECTERROR', 'HIWORD']);

/**
 * An event tested without a look at its error code: `ne.lNetworkEvents & FD_X` in a function that
 * never reads `ne.iErrorCode[FD_X_BIT]`, or WSAGETSELECTEVENT(lParam) == FD_X in one that never
 * calls WSAGETSELECTERROR. An iErrorCode read with an index that is not a constant counts as a
 * look at every event; a record or lParam handed to another function leaves the question open
 * (no diagnostic). Warning for FD_CONNECT and FD_CLOSE, information for the others (WSAENETDOWN).
 */
export function uncheckedError(ctx: LintContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const [fn, tests] of ctx.eventTests) {
    if (tests.length === 0) continue;
    const seen = new Set<string>();
    for (const t of tests) {
      const key = `${t.form} ${t.record ?? ''} ${t.bit}`;
      if (seen.has(key) || checked(fn, t, ctx.scope)) continue;
      seen.add(key);
      const name = FD_NAMES[t.bit]!;
      const where = t.form === 'enum' ? `${t.record}.iErrorCode[${name}_BIT]` : 'WSAGETSELECTERROR(lParam)';
      out.push({
        rule: 'unchecked-error', severity: WEIGHTY.has(t.bit) ? 'warning' : 'information', node: t.node,
        message: `${name} is handled without looking at ${where}: ${consequence(t.bit)}`,
        related: [], fix: null,
      });
    }
  }
  return out;
}

function consequence(bit: number): string {
  if (bit === FdBit.CONNECT) return 'a refused or timed-out connect (WSAECONNREFUSED, WSAETIMEDOUT, WSAENETUNREACH …) is reported as FD_CONNECT with that error, and is then taken for a connection';
  if (bit === FdBit.CLOSE) return 'a reset or aborted connection (WSAECONNRESET, WSAECONNABORTED) is reported as FD_CLOSE with that error, and is then taken for a graceful close';
  return 'it may carry WSAENETDOWN (the network subsystem failed)';
}

/** Whether the function looks at this test's error, or hands what holds it elsewhere (undecided). */
function checked(fn: Syn, t: EventTest, scope: ConstantScope): boolean {
  if (t.form === 'enum') {
    for (const n of descendants(fn)) {
      if (n.type === 'subscript_expression') {
        const arr = unwrap(fieldOf(n, 'argument') ?? n);
        if (arr.type !== 'field_expression' || fieldOf(arr, 'field')?.text !== 'iErrorCode') continue;
        if (unwrap(fieldOf(arr, 'argument') ?? arr).text !== t.record) continue;
        const index = subscriptIndex(n);
        if (index === null) return true;
        const v = scope.evaluate(index);
        if (!('value' in v) || v.value === t.bit) return true;
      }
      // The record passed to another function (or its iErrorCode array): that function may check.
      if (n.type === 'call_expression' && !RECORD_USERS.has(calleeName(n) ?? '')) {
        if (callArguments(n).some((a) => handsOver(a, t.record!))) return true;
      }
    }
    return false;
  }
  for (const n of descendants(fn)) {
    if (n.type !== 'call_expression') continue;
    const name = calleeName(n) ?? '';
    if (ERROR_MACROS.has(name)) return true;
    if (name !== 'WSAGETSELECTEVENT' && name !== 'LOWORD' && callArguments(n).some((a) => handsOver(a, 'lParam'))) return true;
  }
  return false;
}

function subscriptIndex(n: Syn): Syn | null {
  const idx = fieldOf(n, 'index') ?? fieldOf(n, 'indices');
  if (idx === null) return null;
  // C++'s grammar wraps the index in subscript_argument_list.
  return idx.type === 'subscript_argument_list' ? (idx.children.find((c) => c.named) ?? null) : idx;
}

/** An argument that gives a callee the record (or lParam) itself: `ne`, `&ne`, `ne.iErrorCode`, not `ne.iErrorCode[i]`. */
function handsOver(arg: Syn, name: string): boolean {
  const a = unwrap(arg);
  if (a.type === 'identifier') return a.text === name;
  if (a.type === 'pointer_expression') return fieldOf(a, 'argument') !== null && handsOver(fieldOf(a, 'argument')!, name);
  if (a.type === 'field_expression') return fieldOf(a, 'field')?.text === 'iErrorCode' && unwrap(fieldOf(a, 'argument') ?? a).text === name;
  return false;
}
