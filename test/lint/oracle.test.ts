import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileView } from '../../analyzer/lint/lintView';
import { ROOT } from '../capture/fixtures';
import { lintPath } from './lintHelpers';

/*
 * The linter against oracles written independently of it (by hand, lines checked with grep and
 * masks with GCC's own folding): samples/lint/expected.json (realistic programs, every call site
 * and every diagnostic, correct variants with none) and test/lint/fixtures/expected.json
 * (parser traps: multi-line calls, comments, macros, casts, C++ members, look-alikes).
 */

interface ExpectedSite { file?: string; line: number; column: number; function: string; mask: string | null; viaMacro?: string; inIfZero?: boolean }
interface ExpectedDiagnostic { file: string; line: number; rule: string }

const SAMPLES = join(ROOT, 'samples', 'lint');
const FIXTURES = join(ROOT, 'test', 'lint', 'fixtures');

function sitesOf(view: ReturnType<typeof fileView>): string[] {
  return view.callSites.map((s) => `${s.line}:${s.column} ${s.function} ${s.mask ?? 'undecided'}`);
}

test('samples/lint: every call site, with its mask, and nothing else', async () => {
  const expected = JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8')) as { callSites: ExpectedSite[] };
  const files = [...new Set(expected.callSites.map((s) => s.file!))];
  assert.ok(files.length >= 5);
  for (const f of files) {
    const view = fileView(await lintPath(join(SAMPLES, f)));
    const want = expected.callSites.filter((s) => s.file === f).map((s) => `${s.line}:${s.column} ${s.function} ${s.mask ?? 'undecided'}`);
    assert.deepEqual(sitesOf(view), want, f);
  }
});

test('samples/lint: every expected diagnostic and no other; the correct variants get none', async () => {
  const expected = JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8')) as { diagnostics: ExpectedDiagnostic[]; callSites: ExpectedSite[] };
  const files = [...new Set(expected.callSites.map((s) => s.file!))];
  let total = 0;
  for (const f of files) {
    const view = fileView(await lintPath(join(SAMPLES, f)));
    const got = view.diagnostics.map((d) => `${d.line} ${d.rule}`);
    const want = expected.diagnostics.filter((d) => d.file === f).map((d) => `${d.line} ${d.rule}`);
    assert.deepEqual(got, want, f);
    if (f.includes('correct')) assert.equal(got.length, 0, f);
    total += got.length;
  }
  assert.equal(total, expected.diagnostics.length);
});

test('parser traps: the call sites of every fixture, and none of the look-alikes', async () => {
  interface NotCallSite { line: number; column: number; viaMacro?: boolean; wouldBe?: { function: string; mask: string | null } }
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as { files: { file: string; callSites: ExpectedSite[]; notCallSites?: NotCallSite[] }[] };
  let macros = 0;
  for (const f of expected.files) {
    const view = fileView(await lintPath(join(FIXTURES, f.file)));
    // Calls in `#if 0` are not compiled: the linter leaves them out. Macro uses that expand to a
    // call are call sites at the use (the linter expands macros), with what they expand to.
    const sites = f.callSites.filter((s) => s.inIfZero !== true).map((s) => ({ line: s.line, column: s.column, text: `${s.function} ${s.mask ?? 'undecided'}` }));
    for (const m of f.notCallSites ?? []) {
      if (m.viaMacro !== true || m.wouldBe === undefined) continue;
      sites.push({ line: m.line, column: m.column, text: `${m.wouldBe.function} ${m.wouldBe.mask ?? 'undecided'}` });
      macros++;
    }
    sites.sort((a, b) => a.line - b.line || a.column - b.column);
    assert.deepEqual(sitesOf(view), sites.map((s) => `${s.line}:${s.column} ${s.text}`), f.file);
    for (const s of view.callSites) assert.equal(s.viaMacro !== null, (f.notCallSites ?? []).some((m) => m.line === s.line && m.viaMacro === true), `${f.file}:${s.line}`);
  }
  assert.ok(macros >= 3);
});
