import type { ConstantScope } from './constants';
import { ancestors, calleeName, descendants, fieldOf, named, unwrap, within, type Syn } from './syntax';

/*
 * Where a function looks at which network event happened, and the code that runs for it:
 * - after WSAEnumNetworkEvents: `ne.lNetworkEvents & FD_X` (or `p->lNetworkEvents & FD_X`), the
 *   branch being the `if` it is the condition of;
 * - in a window procedure: `WSAGETSELECTEVENT(lParam) == FD_X` (or `& FD_X`, or LOWORD), or
 *   `case FD_X:` in a switch on it, directly or through a variable assigned from it.
 */

export interface EventTest {
  readonly form: 'enum' | 'message';
  /** The event's bit number (FD_X_BIT). */
  readonly bit: number;
  /** The expression or case label that tests it. */
  readonly node: Syn;
  /** The WSANETWORKEVENTS variable tested (`ne`, `p`): its name as written; null for messages. */
  readonly record: string | null;
  /** What runs when the test holds: an if's consequence, or a case's statements (null when the test is not a branch). */
  readonly branch: Syn | null;
}

const SELECT_EVENT_MACROS = new Set(['WSAGETSELECTEVENT', 'LOWORD']);

/** The bit number, when `n` is worth exactly one FD_* bit. */
function singleBit(n: Syn, scope: ConstantScope): number | null {
  const v = scope.evaluate(n);
  if (!('value' in v) || v.value <= 0 || (v.value & (v.value - 1)) !== 0 || v.value > 0x200) return null;
  return Math.log2(v.value);
}

/** `x.lNetworkEvents` / `x->lNetworkEvents`: the record's name, or null. */
export function networkEventsOf(n: Syn): string | null {
  const e = unwrap(n);
  if (e.type !== 'field_expression' || fieldOf(e, 'field')?.text !== 'lNetworkEvents') return null;
  const arg = fieldOf(e, 'argument');
  return arg === null ? null : unwrap(arg).text;
}

/** Whether `n` is WSAGETSELECTEVENT(…)/LOWORD(…), or a variable the function assigned from one. */
function isSelectEvent(n: Syn, eventVars: ReadonlySet<string>): boolean {
  const e = unwrap(n);
  if (e.type === 'call_expression') return SELECT_EVENT_MACROS.has(calleeName(e) ?? '');
  return e.type === 'identifier' && eventVars.has(e.text);
}

/** Variables assigned from WSAGETSELECTEVENT(…) in `fn` (`int ev = WSAGETSELECTEVENT(lParam);`). */
function selectEventVariables(fn: Syn): Set<string> {
  const vars = new Set<string>();
  for (const n of descendants(fn)) {
    if (n.type === 'init_declarator' || n.type === 'assignment_expression') {
      const left = fieldOf(n, n.type === 'init_declarator' ? 'declarator' : 'left');
      const right = fieldOf(n, n.type === 'init_declarator' ? 'value' : 'right');
      if (left?.type === 'identifier' && right !== null && isSelectEvent(right, new Set())) vars.add(left.text);
    }
  }
  return vars;
}

/** The consequence of the `if` whose condition holds `test`, or null. */
function ifBranch(test: Syn): Syn | null {
  for (const a of ancestors(test)) {
    if (a.type === 'if_statement') {
      const cond = fieldOf(a, 'condition');
      return cond !== null && within(test, cond) ? fieldOf(a, 'consequence') : null;
    }
    if (a.type.endsWith('_statement') && a.type !== 'expression_statement') return null;
  }
  return null;
}

export function eventTests(fn: Syn, scope: ConstantScope): EventTest[] {
  const out: EventTest[] = [];
  const eventVars = selectEventVariables(fn);
  for (const n of descendants(fn)) {
    if (n.type === 'binary_expression') {
      const op = fieldOf(n, 'operator')?.text;
      const l = fieldOf(n, 'left');
      const r = fieldOf(n, 'right');
      if (l === null || r === null) continue;
      for (const [a, b] of [[l, r], [r, l]] as const) {
        const bit = op === '&' || op === '==' ? singleBit(b, scope) : null;
        if (bit === null) continue;
        const record = op === '&' ? networkEventsOf(a) : null;
        if (record !== null) out.push({ form: 'enum', bit, node: n, record, branch: ifBranch(n) });
        else if (isSelectEvent(a, eventVars)) out.push({ form: 'message', bit, node: n, record: null, branch: ifBranch(n) });
        else continue;
        break;
      }
    } else if (n.type === 'switch_statement') {
      const cond = fieldOf(n, 'condition');
      const inner = cond === null ? null : named(cond)[0] ?? null;
      if (inner === null || !isSelectEvent(inner, eventVars)) continue;
      const body = fieldOf(n, 'body');
      for (const c of body === null ? [] : named(body)) {
        if (c.type !== 'case_statement') continue;
        const value = fieldOf(c, 'value');
        const bit = value === null ? null : singleBit(value, scope);
        if (bit !== null) out.push({ form: 'message', bit, node: value!, record: null, branch: c });
      }
    }
  }
  return out;
}
