import { fdNamesOf } from '../model/fdEvents';
import type { CParser } from './cParser';
import type { ConstantScope, Decided } from './constants';
import { callArguments, calleeName, compactText, descendants, fieldOf, unwrap, type Syn } from './syntax';

/*
 * The calls that select network events or enumerate them: WSAEventSelect, WSAAsyncSelect,
 * WSAEnumNetworkEvents, and the provider side's WSPEventSelect, WSPAsyncSelect,
 * WSPEnumNetworkEvents, called directly, qualified (`::WSAEventSelect`) or through a
 * WSPPROC_TABLE member (`table.lpWSPEventSelect`, `proc->lpWSPAsyncSelect`). A function-like
 * macro of the same file or its headers whose body makes such a call counts at each use, with
 * the use's arguments. Calls in `#if 0` blocks are left out: they are not compiled.
 */

export type SelectApi = 'WSAEventSelect' | 'WSAAsyncSelect' | 'WSPEventSelect' | 'WSPAsyncSelect';
export type EnumApi = 'WSAEnumNetworkEvents' | 'WSPEnumNetworkEvents';
export type CallApi = SelectApi | EnumApi;

/** Where each argument is, per function (seeds 000, 003, 004 and winsock2.h's prototypes). */
const SHAPES: Readonly<Record<CallApi, { readonly target: readonly number[]; readonly mask: number | null; readonly record: number | null }>> = {
  WSAEventSelect: { target: [1], mask: 2, record: null },
  WSAAsyncSelect: { target: [1, 2], mask: 3, record: null },
  WSPEventSelect: { target: [1], mask: 2, record: null },
  WSPAsyncSelect: { target: [1, 2], mask: 3, record: null },
  WSAEnumNetworkEvents: { target: [1], mask: null, record: 2 },
  WSPEnumNetworkEvents: { target: [1], mask: null, record: 2 },
};

/** The callee names that mean each function: its own name, and its WSPPROC_TABLE member. */
const CALLEES: ReadonlyMap<string, CallApi> = new Map<string, CallApi>([
  ...(Object.keys(SHAPES) as CallApi[]).map((k) => [k, k] as [string, CallApi]),
  ['lpWSPEventSelect', 'WSPEventSelect'], ['lpWSPAsyncSelect', 'WSPAsyncSelect'], ['lpWSPEnumNetworkEvents', 'WSPEnumNetworkEvents'],
]);

export function isSelect(api: CallApi): api is SelectApi {
  return SHAPES[api].mask !== null;
}

export interface CallSite {
  readonly api: CallApi;
  /** The call node as written in this file (for a macro use, the use). */
  readonly node: Syn;
  /** Through a macro: its name. */
  readonly viaMacro: string | null;
  /** The socket argument, and the comparable text of it and of the target (event; hwnd + message). */
  readonly socket: Syn | null;
  readonly socketText: string;
  readonly targetText: string;
  /** The mask argument (select calls), and its value or why it has none. Through a macro, the node is in the expansion, not the file. */
  readonly mask: Syn | null;
  readonly maskValue: Decided | null;
  /** The WSANETWORKEVENTS argument of an enumeration. */
  readonly record: Syn | null;
}

/** Every call site in a file's tree, in source order. */
export function findCallSites(root: Syn, scope: ConstantScope, parser: CParser): CallSite[] {
  const out: CallSite[] = [];
  for (const n of descendants(root)) {
    if (n.type !== 'call_expression' || inIfZero(n)) continue;
    const name = calleeName(n);
    if (name === null) continue;
    // Through an object: only a WSPPROC_TABLE member (lpWSP…); `mock.WSAEventSelect` is a method of the program's own.
    const through = unwrap(fieldOf(n, 'function')!).type === 'field_expression';
    if (through && !name.startsWith('lpWSP')) continue;
    // `#define EVENT_SELECT WSAEventSelect`: the name stands for the function.
    const api = CALLEES.get(name) ?? CALLEES.get(scope.defineText(name) ?? '');
    if (api !== undefined) {
      out.push(site(api, n, callArguments(n), CALLEES.has(name) ? null : name, scope));
      continue;
    }
    const macro = scope.macro(name);
    if (macro !== undefined) out.push(...throughMacro(n, macro, scope, parser));
  }
  return out;
}

function site(api: CallApi, node: Syn, args: readonly Syn[], viaMacro: string | null, scope: ConstantScope): CallSite {
  const shape = SHAPES[api];
  const mask = shape.mask === null ? null : args[shape.mask] ?? null;
  return {
    api, node, viaMacro,
    socket: args[0] ?? null,
    socketText: args[0] === undefined ? '' : compactText(unwrap(args[0])),
    targetText: shape.target.map((i) => (args[i] === undefined ? '' : compactText(unwrap(args[i]!)))).join(','),
    mask,
    maskValue: shape.mask === null ? null : mask === null ? { undecided: 'the call has too few arguments' } : scope.evaluate(mask),
    record: shape.record === null ? null : args[shape.record] ?? null,
  };
}

/**
 * A use of a function-like macro whose body calls a select or enumeration function: the body is
 * parsed with the use's argument texts put in for the parameters (as the preprocessor would),
 * and the call found there is reported at the use, its arguments evaluated in the file's scope.
 */
function throughMacro(use: Syn, macro: { name: string; params: readonly string[]; body: string }, scope: ConstantScope, parser: CParser): CallSite[] {
  if (!/\b(WSA|WSP|lpWSP)\w*(Select|EnumNetworkEvents)\b/.test(macro.body)) return [];
  const args = callArguments(use).map((a) => a.text);
  if (args.length !== macro.params.length) return [];
  const byParam = new Map(macro.params.map((p, i) => [p, args[i]!]));
  const expanded = macro.body.replace(/\b[A-Za-z_]\w*\b/g, (w) => (byParam.has(w) ? `(${byParam.get(w)!})` : w));
  const { root } = parser.parse(`void __winsock_replay_macro(void) { ${expanded}; }\n`, 'c');
  const found: CallSite[] = [];
  for (const n of descendants(root)) {
    if (n.type !== 'call_expression') continue;
    const name = calleeName(n);
    const api = name === null ? undefined : CALLEES.get(name);
    if (api !== undefined) {
      found.push(site(api, use, callArguments(n), macro.name, scope));
    }
  }
  return found;
}

/** Inside the first branch of `#if 0` (or `#if FALSE`): text the compiler never sees. */
export function inIfZero(n: Syn): boolean {
  for (let child = n, p = n.parent; p !== null; child = p, p = p.parent) {
    if (p.type !== 'preproc_if' && p.type !== 'preproc_elif') continue;
    const cond = fieldOf(p, 'condition');
    if (cond === null || child === cond || child.field === 'alternative') continue;
    if (/^(0|FALSE|false)$/.test(cond.text.trim())) return true;
  }
  return false;
}

/** `FD_READ|FD_CLOSE (0x21)` for a decided mask, `undecided: …` otherwise: how a call site's mask is shown. */
export function maskText(v: Decided): string {
  if (!('value' in v)) return `undecided: ${v.undecided}`;
  const m = v.value >>> 0;
  if (m === 0) return '0 (cancels the selection)';
  const names = fdNamesOf(m & 0x3ff);
  const extra = m & ~0x3ff;
  return `${[...names, ...(extra !== 0 ? [`0x${(extra >>> 0).toString(16)}`] : [])].join(' | ')} (0x${m.toString(16)})`;
}
