/**
 * The annotator runs in a webview or worker as well as in Node: analyzer/annotate and every module
 * it imports, followed transitively, import nothing but each other (no Node built-ins, no
 * packages, nothing from the extension or the CLI).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../capture/fixtures';

const ANALYZER = join(ROOT, 'analyzer');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'([^']+)'/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/\b(?:require|import)\(\s*'([^']+)'\s*\)/g)) out.push(m[1]!);
  return out;
}

test('analyzer/annotate imports only pure analyzer modules', () => {
  const start = join(ANALYZER, 'annotate', 'captureAnnotator.ts');
  const seen = new Set<string>();
  const todo = [start];
  const bad: string[] = [];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      const where = `${relative(ROOT, file)} imports '${spec}'`;
      if (!spec.startsWith('.')) { bad.push(where); continue; }
      const target = resolve(dirname(file), spec);
      const path = [`${target}.ts`, join(target, 'index.ts')].find(existsSync);
      if (!path) { bad.push(`${where}, which is not a TypeScript module`); continue; }
      const area = relative(ANALYZER, path).split('/')[0];
      if (path.startsWith('..') || area === 'io' || area === 'cli') bad.push(`${where}, outside the pure core`);
      todo.push(path);
    }
  }
  assert.deepEqual(bad, []);
  assert.ok([...seen].some((f) => f.endsWith('captureReader.ts')), 'the walk reached the capture reader');
});
