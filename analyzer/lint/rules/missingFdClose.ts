import { FdBit, fdMask } from '../../model/fdEvents';
import { isSelect, maskText } from '../callSites';
import type { LintContext, LintDiagnostic } from '../lintRules';
import { callArguments, calleeName, descendants, enclosingFunction, fieldOf, unwrap, type Syn } from '../syntax';

const CLOSE = fdMask(FdBit.CLOSE);
const ACCEPT = fdMask(FdBit.ACCEPT);
const CONNECT = fdMask(FdBit.CONNECT);
const ACCEPTS = new Set(['accept', 'WSAAccept']);
const CONNECTS = new Set(['connect', 'WSAConnect', 'WSAConnectByNameA', 'WSAConnectByNameW', 'WSAConnectByList']);

/**
 * A select call whose decided, nonzero mask lacks FD_CLOSE, on a socket the same function shows
 * to be a connected stream socket (it came from accept/WSAAccept, connect/WSAConnect was called on
 * it, or the mask has FD_CONNECT), and no other select of the function on it adds FD_CLOSE.
 * Listening sockets (FD_ACCEPT in the mask) and datagram sockets are left alone.
 */
export function missingFdClose(ctx: LintContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const site of ctx.sites) {
    if (!isSelect(site.api) || site.maskValue === null || !('value' in site.maskValue) || site.mask === null) continue;
    const mask = site.maskValue.value;
    if (mask === 0 || (mask & CLOSE) !== 0 || (mask & ACCEPT) !== 0) continue;
    const fn = enclosingFunction(site.node);
    if (fn === null || site.socketText === '') continue;
    const evidence = connectedEvidence(fn, site.socketText, mask);
    if (evidence === null || isDatagram(fn, site.socketText)) continue;
    const others = ctx.sites.filter((s) => s !== site && isSelect(s.api) && s.socketText === site.socketText && enclosingFunction(s.node) === fn);
    if (others.some((s) => s.maskValue === null || !('value' in s.maskValue) || (s.maskValue.value & CLOSE) !== 0)) continue;
    out.push({
      // Through a macro, the mask is in the macro's expansion: the use is what the file shows.
      rule: 'missing-fd-close', severity: 'warning', node: site.viaMacro === null ? site.mask : site.node,
      message: `${site.socketText} is a connected stream socket (${evidence}) but this ${site.api} selects ${maskText(site.maskValue)} without FD_CLOSE: ` +
        'the program will not learn that the peer closed or reset the connection',
      related: [],
      fix: site.viaMacro !== null ? null : { title: 'Add FD_CLOSE to the mask', edits: [{ start: site.mask.start, end: site.mask.end, text: withClose(site.mask) }] },
    });
  }
  return out;
}

function connectedEvidence(fn: Syn, socket: string, mask: number): string | null {
  if ((mask & CONNECT) !== 0) return 'the mask has FD_CONNECT';
  for (const n of descendants(fn)) {
    if (n.type !== 'call_expression') continue;
    const name = calleeName(n) ?? '';
    if (CONNECTS.has(name) && callArguments(n)[0]?.text.replace(/\s+/g, '') === socket) return `${name} is called on it`;
    if (ACCEPTS.has(name) && assignedTo(n) === socket) return `it comes from ${name}`;
  }
  return null;
}

/** The variable a call's value is stored in (`s = accept(…)`, `SOCKET s = accept(…)`), or null. */
function assignedTo(call: Syn): string | null {
  let x = call;
  while (x.parent !== null && (x.parent.type === 'parenthesized_expression' || x.parent.type === 'cast_expression')) x = x.parent;
  const p = x.parent;
  if (p?.type === 'assignment_expression' && x.field === 'right') return fieldOf(p, 'left')?.text.replace(/\s+/g, '') ?? null;
  if (p?.type === 'init_declarator' && x.field === 'value') return fieldOf(p, 'declarator')?.text ?? null;
  return null;
}

/** `s = socket(…, SOCK_DGRAM, …)` in the function. */
function isDatagram(fn: Syn, socket: string): boolean {
  for (const n of descendants(fn)) {
    if (n.type !== 'call_expression' || !/^(socket|WSASocket[AW]?)$/.test(calleeName(n) ?? '')) continue;
    if (assignedTo(n) === socket && callArguments(n).some((a) => unwrap(a).text === 'SOCK_DGRAM')) return true;
  }
  return false;
}

/** The mask with `| FD_CLOSE`, in parentheses unless it is a plain `A | B` chain. */
function withClose(mask: Syn): string {
  const plain = /^[A-Za-z_]\w*(\s*\|\s*[A-Za-z_]\w*)*$/.test(mask.text.trim());
  return plain ? `${mask.text} | FD_CLOSE` : `(${mask.text}) | FD_CLOSE`;
}
