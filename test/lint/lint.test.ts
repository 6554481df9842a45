import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../analyzer/cli/main';
import { fileView } from '../../analyzer/lint/lintView';
import type { LintDiagnostic } from '../../analyzer/lint/lintRules';
import { ROOT } from '../capture/fixtures';
import { lintText } from './lintHelpers';

function applyFix(text: string, d: LintDiagnostic): string {
  const edits = [...d.fix!.edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

test('masks: defines expand as text, enums count on, C++ casts, and undecided masks say why', async () => {
  const r = await lintText([
    '#define LOOSE FD_READ | FD_CLOSE',
    'enum { A = FD_ACCEPT, B };',
    'static const long K = (FD_ALL_EVENTS & ~FD_WRITE);',
    'void f(SOCKET s, WSAEVENT e, long param) {',
    '  WSAEventSelect(s, e, LOOSE & ~FD_READ);',
    '  WSAEventSelect(s, e, B);',
    '  WSAEventSelect(s, e, K);',
    '  WSAEventSelect(s, e, 0x21L);',
    '  WSAEventSelect(s, e, param);',
    '}',
  ].join('\n'));
  assert.deepEqual(fileView(r).callSites.map((s) => s.mask ?? s.undecided), ['0x21', '0x9', '0x3fd', '0x21', 'param is not a constant of this file or the headers it includes']);
  const cpp = await lintText('void g(SOCKET s, HWND w) { ::WSAAsyncSelect(s, w, WM_USER + 1, static_cast<long>(FD_READ | FD_CLOSE)); }', 'g.cpp');
  assert.deepEqual(fileView(cpp).callSites.map((s) => [s.function, s.mask]), [['WSAAsyncSelect', '0x21']]);
});

test('call sites: not in comments, strings or #if 0; through WSPPROC_TABLE members and macros', async () => {
  const r = await lintText([
    '#define ARM(s, e) WSAEventSelect((s), (e), FD_READ | FD_CLOSE)',
    'void f(SOCKET s, WSAEVENT e, WSPPROC_TABLE *t, int *err) {',
    '  /* WSAEventSelect(s, e, FD_READ); */ const char *x = "WSAEventSelect(s, e, 1)";',
    '#if 0',
    '  WSAEventSelect(s, e, FD_WRITE);',
    '#else',
    '  t->lpWSPEventSelect(s, e, FD_OOB | FD_CLOSE, err);',
    '#endif',
    '  ARM(s, e);',
    '}',
  ].join('\n'));
  assert.deepEqual(fileView(r).callSites.map((s) => `${s.line}:${s.column} ${s.function} ${s.mask} ${s.viaMacro}`), [
    '7:3 WSPEventSelect 0x24 null',
    '9:3 WSAEventSelect 0x21 ARM',
  ]);
});

test('select-overrides: flagged with a merge fix for the same target; not across a wait, a cancel or another use of the socket', async () => {
  const text = [
    'void f(SOCKET s, WSAEVENT e) {',
    '  WSAEventSelect(s, e, FD_READ);',
    '  WSAEventSelect(s, e, FD_WRITE);',
    '}',
    'void g(SOCKET s, WSAEVENT e) {',
    '  WSAEventSelect(s, e, FD_READ);',
    '  WSAWaitForMultipleEvents(1, &e, FALSE, WSA_INFINITE, FALSE);',
    '  WSAEventSelect(s, e, FD_WRITE);',
    '  WSAEventSelect(s, NULL, 0);',
    '  WSAEventSelect(s, e, FD_READ);',
    '}',
  ].join('\n');
  const r = await lintText(text);
  assert.deepEqual(r.diagnostics.map((d) => `${d.node.line + 1} ${d.rule}`), ['3 select-overrides']);
  const fixed = applyFix(text, r.diagnostics[0]!);
  assert.match(fixed, /^void f\(SOCKET s, WSAEVENT e\) \{\n {2}WSAEventSelect\(s, e, FD_READ \| FD_WRITE\);\n\}/);
  assert.equal((await lintText(fixed)).diagnostics.length, 0);
});

test('missing-fd-close: the fix adds FD_CLOSE, after which nothing is reported', async () => {
  const text = 'void f(SOCKET l, WSAEVENT e) {\n  SOCKET c = accept(l, NULL, NULL);\n  WSAEventSelect(c, e, (long)(FD_READ | FD_WRITE));\n}\n';
  const r = await lintText(text);
  assert.deepEqual(r.diagnostics.map((d) => d.rule), ['missing-fd-close']);
  assert.match(r.diagnostics[0]!.message, /it comes from accept/);
  const fixed = applyFix(text, r.diagnostics[0]!);
  assert.match(fixed, /\(\(long\)\(FD_READ \| FD_WRITE\)\) \| FD_CLOSE/);
  assert.deepEqual((await lintText(fixed)).diagnostics, []);
  // No evidence of a connected stream socket: nothing to say.
  assert.deepEqual((await lintText('void f(SOCKET c, WSAEVENT e) { WSAEventSelect(c, e, FD_READ); }')).diagnostics, []);
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => { out += s; }, (s) => { err += s; });
  return { code, out, err };
}

test('winsock-replay lint: compiler-style lines, JSON with the schema, exit 1 on a warning, 0 on correct code', async () => {
  const bad = await run('lint', join(ROOT, 'samples', 'lint', 'event_server.c'));
  assert.equal(bad.code, 1);
  assert.match(bad.out, /event_server\.c:70:31: warning: .* \[missing-fd-close\]\n/);
  assert.match(bad.out, /1 file, 5 call sites: 0 errors, 4 warnings, 1 information\n$/);
  const json = await run('lint', join(ROOT, 'samples', 'lint'), '--json');
  assert.equal(json.code, 1);
  const v = JSON.parse(json.out);
  assert.equal(v.schema, 'winsock-replay/lint@1');
  assert.ok(v.files.length >= 6);
  const site = v.files.find((f: { file: string }) => f.file.endsWith('event_server.c')).callSites[0];
  assert.deepEqual(site, { line: 70, column: 9, function: 'WSAEventSelect', viaMacro: null, socket: 's', mask: '0x3', events: ['FD_READ', 'FD_WRITE'] });
  const good = await run('lint', join(ROOT, 'samples', 'lint', 'event_server_correct.c'), join(ROOT, 'samples', 'lint', 'async_client_correct.c'), '--sites');
  assert.equal(good.code, 0);
  assert.match(good.out, /event_server_correct\.c:96:9: WSAEventSelect\(c->s\) 0 \(0x0\)/);
  const none = await run('lint', join(ROOT, 'no-such-folder'));
  assert.equal(none.code, 2);
  assert.match(none.err, /no-such-folder: no such file or folder/);
  assert.equal((await run('lint')).code, 2);
});
