import type { CallSite } from './callSites';
import type { ConstantScope } from './constants';
import type { EventTest } from './eventTests';
import type { Syn } from './syntax';

/** The rules `lint`, the diagnostics and the quick fixes share: ids are stable (JSON output). */
export type LintRuleId = 'select-overrides' | 'missing-fd-close' | 'unchecked-error' | 'close-without-drain' | 'write-after-send';

export type LintSeverity = 'error' | 'warning' | 'information';

export interface LintRuleInfo {
  readonly id: LintRuleId;
  readonly title: string;
  /** Why it matters, in a paragraph, with the event-model rule ids it rests on. */
  readonly explanation: string;
  /** The event model's rules (analyzer/model/rules.ts) behind it. */
  readonly modelRules: readonly string[];
}

export const LINT_RULES: readonly LintRuleInfo[] = [
  {
    id: 'select-overrides', title: 'A second select call cancels the first',
    explanation: 'Each WSAEventSelect or WSAAsyncSelect on a socket cancels the previous one for that socket: only the last mask and target are in force, so the events of the first call are never reported to its target. Select every event in one call (seed 004 shows this as its incorrect example).',
    modelRules: ['select.replaces'],
  },
  {
    id: 'missing-fd-close', title: 'A connected stream socket without FD_CLOSE',
    explanation: 'Without FD_CLOSE the program never learns that the peer closed or reset the connection: no later event reports it, and under the documented profile FD_READ stops once the data is read. Add FD_CLOSE to the mask and handle it.',
    modelRules: ['close.graceful', 'close.on-fin', 'close.reset-aborted'],
  },
  {
    id: 'unchecked-error', title: 'An event handled without its error code',
    explanation: 'WSAEnumNetworkEvents reports each event\'s error in iErrorCode[FD_X_BIT] (WSAAsyncSelect in WSAGETSELECTERROR(lParam)): FD_CONNECT carries a failed connect (WSAECONNREFUSED, WSAETIMEDOUT …), FD_CLOSE an abortive close (WSAECONNRESET, WSAECONNABORTED), the others WSAENETDOWN. Treating a failed FD_CONNECT as connected, or a reset as a graceful close, is the usual result.',
    modelRules: ['connect.outcome', 'close.reset', 'close.reset-aborted', 'enum.slots'],
  },
  {
    id: 'close-without-drain', title: 'FD_CLOSE taken as "all data read"',
    explanation: 'Real Windows records FD_CLOSE when the peer\'s FIN arrives, even with data still unread (the documented model would wait until it is read). A handler that closes the socket on FD_CLOSE without reading until recv returns 0 or WSAEWOULDBLOCK loses the end of the stream.',
    modelRules: ['close.on-fin', 'close.waits-for-read'],
  },
  {
    id: 'write-after-send', title: 'FD_WRITE expected after every send',
    explanation: 'FD_WRITE is recorded when the socket connects and again only after a send failed with WSAEWOULDBLOCK and space came back; real Windows records nothing after a successful send. A program that stops sending after each successful send until FD_WRITE comes waits forever.',
    modelRules: ['write.connected', 'write.blocked', 'write.send-quiet', 'write.after-send'],
  },
];

export const LINT_RULE: ReadonlyMap<LintRuleId, LintRuleInfo> = new Map(LINT_RULES.map((r) => [r.id, r]));

/** A text edit, in source offsets. */
export interface LintEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface LintDiagnostic {
  readonly rule: LintRuleId;
  readonly severity: LintSeverity;
  readonly message: string;
  /** The code it is about. */
  readonly node: Syn;
  /** Other places that explain it (the first of two select calls). */
  readonly related: readonly { readonly node: Syn; readonly message: string }[];
  /** A mechanical fix, when there is one. */
  readonly fix: { readonly title: string; readonly edits: readonly LintEdit[] } | null;
}

/** What every rule gets: one file's tree, constants and call sites, and its functions by name. */
export interface LintContext {
  readonly root: Syn;
  readonly scope: ConstantScope;
  readonly sites: readonly CallSite[];
  /** Function definitions of the file, by name (the last part of `Class::name`). */
  readonly functions: ReadonlyMap<string, Syn>;
  /** Every function definition and lambda, with the event tests made in its own body (not in a nested lambda's). */
  readonly eventTests: ReadonlyMap<Syn, readonly EventTest[]>;
}

export type LintRule = (ctx: LintContext) => LintDiagnostic[];
