import { isSelect, maskText, type CallSite } from '../callSites';
import type { LintContext, LintDiagnostic } from '../lintRules';
import { calleeName, compactText, descendants, named, type Syn } from '../syntax';
import { runsWhenStatementRuns } from '../flow';

/** Calls after which a new selection is a deliberate change, not a mistake: the program waited or pumped messages. */
const WAITS = /^(WSAWaitForMultipleEvents|WaitForSingleObject(Ex)?|WaitForMultipleObjects(Ex)?|MsgWaitForMultipleObjects(Ex)?|GetMessage[AW]?|PeekMessage[AW]?|Sleep(Ex)?|select|WSAPoll|SleepConditionVariable\w*)$/;

/**
 * Two select calls on the same socket, one after the other in the same block, with different
 * masks or targets: the second cancels the first (seed 004's incorrect example). Only when
 * nothing between them touches the socket or waits, and neither is a cancel (mask 0).
 */
export function selectOverrides(ctx: LintContext): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  const selects = ctx.sites.filter((s) => isSelect(s.api) && s.viaMacro === null);
  const byNode = new Map<Syn, CallSite>(selects.map((s) => [s.node, s]));
  for (const block of descendants(ctx.root)) {
    if (block.type !== 'compound_statement') continue;
    // The last select of each socket in this block that nothing has touched since.
    const last = new Map<string, CallSite>();
    for (const stmt of named(block)) {
      const calls = [...descendants(stmt)].filter((n) => n.type === 'call_expression');
      const sel = calls.map((c) => byNode.get(c)).filter((x): x is CallSite => x !== undefined);
      const single = calls.length === 1 && sel.length === 1 && runsWhenStatementRuns(sel[0]!.node, stmt) ? sel[0]! : null;
      const waits = calls.some((c) => WAITS.test(calleeName(c) ?? ''));
      const before = single === null ? undefined : last.get(single.socketText);
      if (single !== null && before !== undefined && differs(before, single) && !cancels(before) && !cancels(single)) {
        out.push({
          rule: 'select-overrides', severity: 'warning', node: single.node,
          message: `this ${single.api} on ${single.socketText} cancels the ${before.api} on line ${before.node.line + 1}: only the last selection is in force, ` +
            `so the events of the first (${describe(before)})${before.targetText === single.targetText ? ' are no longer selected' : ` are never reported to ${before.targetText}`}; select every event in one call`,
          related: [{ node: before.node, message: 'the selection it cancels' }],
          fix: merged(before, single),
        });
      }
      // What this statement leaves for the next: a wait, or any other use of a socket, ends its pair.
      const compact = compactText(stmt);
      for (const socket of [...last.keys()]) {
        if (waits || (socket !== single?.socketText && mentions(compact, socket))) last.delete(socket);
      }
      if (single !== null && !waits) last.set(single.socketText, single);
      else for (const x of sel) last.delete(x.socketText);
    }
  }
  return out;
}

function cancels(s: CallSite): boolean {
  return s.maskValue !== null && 'value' in s.maskValue && s.maskValue.value === 0;
}

function differs(a: CallSite, b: CallSite): boolean {
  if (a.targetText !== b.targetText || a.api !== b.api) return true;
  const va = a.maskValue;
  const vb = b.maskValue;
  if (va !== null && vb !== null && 'value' in va && 'value' in vb) return va.value !== vb.value;
  return (a.mask?.text.replace(/\s+/g, '') ?? '') !== (b.mask?.text.replace(/\s+/g, '') ?? '');
}

function describe(s: CallSite): string {
  return s.maskValue !== null && 'value' in s.maskValue ? maskText(s.maskValue) : s.mask?.text.replace(/\s+/g, ' ') ?? '?';
}

/** Whether compact code text mentions the socket expression (`s`, `c->s`, `g_clients[i].s`) as a whole. */
function mentions(code: string, socket: string): boolean {
  const escaped = socket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.>])${escaped}(?![\\w])`).test(code);
}

/** Same API and target, different masks: one call with both masks is the mechanical fix. */
function merged(first: CallSite, second: CallSite): LintDiagnostic['fix'] {
  if (first.api !== second.api || first.targetText !== second.targetText || first.mask === null || second.mask === null) return null;
  const stmt = first.node.parent?.type === 'expression_statement' ? first.node.parent : null;
  if (stmt === null) return null;
  return {
    title: 'Select both masks in the second call and remove the first',
    edits: [
      { start: stmt.start, end: lineEnd(stmt), text: '' },
      { start: second.mask.start, end: second.mask.end, text: `${first.mask.text} | ${second.mask.text}` },
    ],
  };
}

/** The statement's end, with the rest of its line when only whitespace follows (so no blank line is left). */
function lineEnd(stmt: Syn): number {
  let root = stmt;
  while (root.parent !== null) root = root.parent;
  const after = root.text.slice(stmt.end);
  const m = /^[ \t]*\r?\n[ \t]*/.exec(after);
  return m === null ? stmt.end : stmt.end + m[0].length;
}
