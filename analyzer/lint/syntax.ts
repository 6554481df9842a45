/**
 * A C/C++ syntax tree as plain objects: tree-sitter's nodes are views into WebAssembly memory,
 * made anew on every access and freed with their tree. The rules walk a file's tree many times
 * (ancestors, branches, callees), so the tree is copied once into these and the tree-sitter tree
 * deleted at once.
 */
export interface Syn {
  readonly type: string;
  /** The grammar's field name of this node in its parent (`function`, `arguments`, `condition`…). */
  readonly field: string | null;
  /** Offsets in the source string (UTF-16 code units, as VS Code positions count). */
  readonly start: number;
  readonly end: number;
  /** Zero-based line and column (UTF-16 code units) where the node starts and ends. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly named: boolean;
  readonly children: Syn[];
  readonly parent: Syn | null;
  /** The source text of this node. */
  readonly text: string;
}

/** The named children. */
export function named(n: Syn): Syn[] {
  return n.children.filter((c) => c.named && c.type !== 'comment');
}

/** The first child with this field name. */
export function fieldOf(n: Syn, field: string): Syn | null {
  for (const c of n.children) if (c.field === field) return c;
  return null;
}

/** Every node below `n` (and `n`), depth first in source order. */
export function* descendants(n: Syn): Generator<Syn> {
  const stack: Syn[] = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    yield x;
    for (let i = x.children.length - 1; i >= 0; i--) stack.push(x.children[i]!);
  }
}

export function* ancestors(n: Syn): Generator<Syn> {
  for (let p = n.parent; p !== null; p = p.parent) yield p;
}

/** Whether `inner` lies within `outer` (or is it). */
export function within(inner: Syn, outer: Syn): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** Expressions with their wrappers taken off: parentheses, casts, `::name` qualification. */
export function unwrap(n: Syn): Syn {
  let x = n;
  for (;;) {
    if (x.type === 'parenthesized_expression' && named(x).length === 1) x = named(x)[0]!;
    else if (x.type === 'cast_expression' && fieldOf(x, 'value') !== null) x = fieldOf(x, 'value')!;
    else return x;
  }
}

/** The text with whitespace and comments removed: how two argument texts are compared. */
export function compactText(n: Syn): string {
  let out = '';
  for (const x of leaves(n)) if (x.type !== 'comment') out += x.text;
  return out;
}

function* leaves(n: Syn): Generator<Syn> {
  if (n.children.length === 0) {
    yield n;
    return;
  }
  for (const c of n.children) yield* leaves(c);
}

/** The function (or lambda) whose body holds `n`, or null at file level. */
export function enclosingFunction(n: Syn): Syn | null {
  for (const a of ancestors(n)) if (a.type === 'function_definition' || a.type === 'lambda_expression') return a;
  return null;
}

/** The name a function definition declares (`Class::method` as written), or null. */
export function functionName(def: Syn): string | null {
  let d = fieldOf(def, 'declarator');
  while (d !== null && d.type !== 'function_declarator') d = fieldOf(d, 'declarator');
  const id = d === null ? null : fieldOf(d, 'declarator');
  return id === null ? null : id.text;
}

/** The identifier a call expression calls (the last name of `a::b`, the field of `t.f`/`t->f`), or null. */
export function calleeName(call: Syn): string | null {
  const f = fieldOf(call, 'function');
  if (f === null) return null;
  const g = unwrap(f);
  if (g.type === 'identifier') return g.text;
  if (g.type === 'qualified_identifier') {
    const name = fieldOf(g, 'name');
    return name !== null && name.type === 'identifier' ? name.text : null;
  }
  if (g.type === 'field_expression') return fieldOf(g, 'field')?.text ?? null;
  return null;
}

/** The arguments of a call, comments left out. */
export function callArguments(call: Syn): Syn[] {
  const args = fieldOf(call, 'arguments');
  return args === null ? [] : named(args);
}
