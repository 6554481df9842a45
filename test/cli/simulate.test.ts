import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../analyzer/cli/main';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => { out += s; }, (s) => { err += s; });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'wsr-simulate-'));
function scenarioFile(name: string, v: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof v === 'string' ? v : '\ufeff' + JSON.stringify(v));
  return f;
}

const RESET = {
  api: 'WSAAsyncSelect', profile: 'windows', socket: 'tcp-accepted',
  steps: [{ app: 'select', mask: ['FD_READ', 'FD_CLOSE'] }, { net: 'peer-sends', bytes: 5 }, { net: 'peer-rst' }, { app: 'recv' }],
};

test('simulate --json: the stable per-step schema, with lParam as a number', async () => {
  const r = await run('simulate', scenarioFile('reset.wsr.json', RESET), '--json');
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out);
  assert.deepEqual([doc.profile, doc.api, doc.layer, doc.steps.length], ['windows', 'WSAAsyncSelect', 'api', 4]);
  const [, data, rst, recv] = doc.steps;
  assert.deepEqual(data.posted, [{ socket: 's', event: 'FD_READ', error: 0, lParam: 1 }]);
  // MAKELONG(FD_CLOSE, WSAECONNABORTED = 10053 = 0x2745).
  assert.deepEqual(rst.posted, [{ socket: 's', event: 'FD_CLOSE', error: 'WSAECONNABORTED', lParam: 0x27450020 }]);
  assert.match(rst.divergence, /^documented profile: ok, posts FD_CLOSE\(WSAECONNRESET\)/);
  assert.deepEqual([recv.result, recv.signaled, 'returned' in recv], ['WSAECONNRESET', false, false]);
  for (const s of doc.steps) assert.ok(Array.isArray(s.why) && typeof s.label === 'string');
});

test('simulate: text report with lParam in hex and decimal; --profile switches; --why gives the rules', async () => {
  const f = scenarioFile('reset2.wsr.json', RESET);
  const text = await run('simulate', f, '--profile', 'documented', '--why');
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /WSAEventSelect|WSAAsyncSelect · profile documented/);
  assert.match(text.out, /PostMessage wParam=s lParam=0x27460020 \(658898976\): FD_CLOSE, error WSAECONNRESET/);
  assert.match(text.out, /\[close\.reset\]/);
  assert.match(text.out, /≠ windows profile: ok, posts FD_CLOSE\(WSAECONNABORTED\)/);
});

test('simulate: an invalid scenario names the step and field (status 1); usage errors give status 2', async () => {
  const bad = await run('simulate', scenarioFile('bad.wsr.json', { steps: [{ app: 'send' }] }));
  assert.equal(bad.code, 1);
  assert.match(bad.err, /bad\.wsr\.json: step 1 \(send\): "bytes" must be a whole number ≥ 1; got undefined/);
  const impossible = await run('simulate', scenarioFile('imp.wsr.json', { steps: [{ net: 'peer-fin' }] }));
  assert.equal(impossible.code, 1);
  assert.match(impossible.err, /imp\.wsr\.json: step 1 \(peer-fin\): socket s has no connection \(it is new\)/);
  assert.equal((await run('simulate', scenarioFile('x.wsr.json', RESET), '--profile', 'linux')).code, 2);
  assert.equal((await run('simulate')).code, 2);
  assert.equal((await run('simulate', join(dir, 'missing.json'))).code, 2);
});
