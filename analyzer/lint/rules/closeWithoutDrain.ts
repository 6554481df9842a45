import { FdBit } from '../../model/fdEvents';
import { inLoop } from '../flow';
import type { LintContext, LintDiagnostic } from '../lintRules';
import { calleeName, descendants, type Syn } from '../syntax';

const RECVS = new Set(['recv', 'WSARecv', 'recvfrom', 'WSARecvFrom', 'WSARecvEx', 'lpWSPRecv', 'WSPRecv', 'ReadFile']);
const CLOSES = new Set(['closesocket', 'lpWSPCloseSocket', 'WSPCloseSocket']);
/** Calls known not to read from the socket: a branch that makes only these (and file functions) is decided. */
const HARMLESS = new RegExp('^(' + [
  'closesocket', 'shutdown', 'WSACloseEvent', 'WSAResetEvent', 'WSASetEvent', 'CloseHandle', 'WSAGetLastError', 'GetLastError',
  'WSAGETSELECTERROR', 'WSAGETSELECTEVENT', 'LOWORD', 'HIWORD', 'WSAEventSelect', 'WSAAsyncSelect', 'free', 'delete', 'HeapFree',
  'LocalFree', 'GlobalFree', 'memset', 'memcpy', 'memmove', 'ZeroMemory', 'CopyMemory', 'MoveMemory', 'OutputDebugString[AW]?',
  'PostMessage[AW]?', 'SendMessage[AW]?', 'PostQuitMessage', 'KillTimer', 'SetWindowText[AW]?', 'MessageBox[AW]?', 'assert', '_ASSERT[E]?',
  'send', 'WSASend', 'sendto', 'WSASendTo', 'htons', 'htonl', 'ntohs', 'ntohl', 'inet_ntoa', 'inet_ntop', 'InetNtop[AW]?', 'strlen', 'wcslen',
  'malloc', 'calloc', 'realloc', 'HeapAlloc', 'EnterCriticalSection', 'LeaveCriticalSection', 'InvalidateRect', 'UpdateWindow',
  '[fsvw]?printf', '_[a-z]*printf[a-z_]*', 'printf_s', 'fprintf_s', '_tprintf', 'wprintf', 'puts', 'fputs', 'perror', 'sprintf_s', 'StringCch\\w+',
].join('|') + ')$');
/** How deep calls into the file's own functions are followed. */
const DEPTH = 4;

/**
 * An FD_CLOSE branch that closes the socket without reading what is left, in a function whose
 * FD_READ handling does not drain either: on real Windows FD_CLOSE comes with the FIN, data
 * unread (rule close.on-fin), so the end of the stream is lost. "Reads" means a recv in a loop,
 * in the branch or in a function of the file it calls; a call to a function neither in the file
 * nor known to be harmless leaves it undecided (no diagnostic).
 */
export function closeWithoutDrain(ctx: LintContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const all of ctx.eventTests.values()) {
    const tests = all.filter((t) => t.branch !== null);
    const reads = tests.filter((t) => t.bit === FdBit.READ);
    if (reads.some((t) => verdict(ctx, t.branch!, DEPTH).drains !== false)) continue;
    for (const t of tests) {
      if (t.bit !== FdBit.CLOSE) continue;
      const v = verdict(ctx, t.branch!, DEPTH);
      if (!v.closes || v.drains !== false) continue;
      // At the closesocket where the data is lost, when the branch makes it itself.
      const close = [...descendants(t.branch!)].find((n) => n.type === 'call_expression' && CLOSES.has(calleeName(n) ?? ''));
      out.push({
        rule: 'close-without-drain', severity: 'warning', node: close ?? t.node,
        message: 'this FD_CLOSE handler closes the socket without reading until recv returns 0 or WSAEWOULDBLOCK, and the FD_READ handling does not drain either: ' +
          'real Windows reports FD_CLOSE when the FIN arrives, with data still unread (the documented model waits), so the end of the stream is lost',
        related: [], fix: null,
      });
    }
  }
  return out;
}

interface Verdict {
  readonly closes: boolean;
  /** true: reads in a loop; false: certainly does not; null: cannot tell (an unknown call). */
  readonly drains: boolean | null;
}

function verdict(ctx: LintContext, code: Syn, depth: number): Verdict {
  let closes = false;
  let drains: boolean | null = false;
  for (const n of descendants(code)) {
    if (n.type !== 'call_expression') continue;
    const name = calleeName(n) ?? '';
    if (CLOSES.has(name)) closes = true;
    else if (RECVS.has(name)) {
      if (inLoop(n, code)) drains = true;
    } else if (ctx.functions.has(name) && depth > 0) {
      const inner = verdict(ctx, ctx.functions.get(name)!, depth - 1);
      closes ||= inner.closes;
      if (inner.drains === true || (inner.drains === false && inLoopRecvCall(ctx, n, code))) drains = true;
      else if (inner.drains === null && drains === false) drains = null;
    } else if (!HARMLESS.test(name) && drains === false) drains = null;
  }
  return { closes, drains };
}

/** A file function that reads once, called in a loop here, drains too. */
function inLoopRecvCall(ctx: LintContext, call: Syn, code: Syn): boolean {
  const fn = ctx.functions.get(calleeName(call) ?? '');
  if (fn === undefined || !inLoop(call, code)) return false;
  for (const n of descendants(fn)) if (n.type === 'call_expression' && RECVS.has(calleeName(n) ?? '')) return true;
  return false;
}
