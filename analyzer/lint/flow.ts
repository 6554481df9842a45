import { fieldOf, type Syn } from './syntax';

/*
 * Just enough control flow for precise rules: whether code runs whenever a statement runs, and
 * which branch of an error test it sits in.
 */

const CONDITIONAL_FIELDS = new Set(['consequence', 'alternative', 'body']);

/**
 * Whether `n` runs every time `stmt` (an ancestor) runs: not in a branch, a loop body, a case,
 * the right side of && or ||, or either arm of ?:.
 */
export function runsWhenStatementRuns(n: Syn, stmt: Syn): boolean {
  for (let x = n; x !== stmt; x = x.parent!) {
    if (x.parent === null) return false;
    const p = x.parent;
    if (x.field !== null && CONDITIONAL_FIELDS.has(x.field) && p.type !== 'function_definition' && p.type !== 'lambda_expression') return false;
    if (p.type === 'case_statement' && x.field !== 'value') return false;
    if (p.type === 'binary_expression' && x.field === 'right' && /^(&&|\|\|)$/.test(fieldOf(p, 'operator')?.text ?? '')) return false;
    if (p.type === 'conditional_expression' && x.field !== 'condition') return false;
  }
  return true;
}

/** What an error test looks like: SOCKET_ERROR, WSAEWOULDBLOCK, WSAGetLastError, `== -1`, `< 0`. */
const ERROR_TEST = /SOCKET_ERROR|WSAEWOULDBLOCK|WSA_IO_PENDING|WSAGetLastError|GetLastError|==\s*-\s*1\b|<\s*0\b|!=\s*0\b/;

/** Whether `n` (inside `fn`) runs only when an error test holds: in the consequence of an `if` testing for an error. */
export function onErrorPath(n: Syn, fn: Syn): boolean {
  for (let x = n; x !== fn && x.parent !== null; x = x.parent) {
    const p = x.parent;
    if (p.type === 'if_statement' && x.field === 'consequence' && ERROR_TEST.test(fieldOf(p, 'condition')?.text ?? '')) return true;
    if (p.type === 'case_statement' && /WSAEWOULDBLOCK/.test(fieldOf(p, 'value')?.text ?? '')) return true;
  }
  return false;
}

/** Whether `n` is inside a loop (while, for, do, range-for) below `top`. */
export function inLoop(n: Syn, top: Syn): boolean {
  for (let x = n; x !== top && x.parent !== null; x = x.parent) {
    // The body, or the condition (`while ((n = recv(…)) > 0)`), or a for's update.
    if (/^(while_statement|for_statement|do_statement|for_range_loop)$/.test(x.parent.type) && x.field !== 'initializer') return true;
  }
  return false;
}
