import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeCommand } from '../../analyzer/cli/analyzeCommand';
import { parseArgs } from '../../analyzer/cli/args';
import { BOOLEAN_FLAGS } from '../../analyzer/cli/main';
import { FIXTURES, SAMPLES } from '../capture/fixtures';

/**
 * analyze with the capture tracked on this thread (workerMinBytes ∞) or in the connections worker
 * (0), or split between `shards` workers.
 */
async function analyze(workerMinBytes: number, argv: string[], shards = 1): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { out: (s: string) => { out += s; }, err: (s: string) => { err += s; }, drain: () => Promise.resolve(), outIsTTY: false, errIsTTY: false };
  const code = await analyzeCommand(parseArgs(['analyze', ...argv], BOOLEAN_FLAGS), io, { workerMinBytes, shards });
  return { code, out, err };
}

// Samples, and the reader's and tracker's fixtures (damaged files, odd link types, warnings).
const captures = [SAMPLES, FIXTURES].flatMap((d) => readdirSync(d).filter((f) => /\.(pcapng|pcap)$/.test(f)).map((f) => join(d, f)));

test('analyze gives the same output, status and warnings whether the capture is tracked on this thread, in a worker, or split between workers', async () => {
  assert.ok(captures.length >= 30);
  const variants: string[][] = [['--json'], ['--markdown', '--api', 'WSAAsyncSelect', '--profile', 'documented'], ['--app', 'window'], ['--json', '--app', 'none']];
  let n = 0;
  for (const f of captures) {
    const argv = [f, ...variants[n++ % variants.length]!];
    const inline = await analyze(Infinity, argv);
    const worker = await analyze(0, argv);
    assert.deepStrictEqual(worker, inline, argv.join(' '));
    assert.deepStrictEqual(await analyze(0, argv, 2 + (n % 2)), inline, `${argv.join(' ')}, ${2 + (n % 2)} shards`);
    assert.ok(inline.out.length > 100, f);
  }
});

test('analyze with a log: the worker path keeps the comparison', async () => {
  const argv = [join(SAMPLES, 'data-then-fin.pcapng'), '--log', join(SAMPLES, 'logs', 'data-then-fin.netsh.txt'), '--json'];
  const inline = await analyze(Infinity, argv);
  assert.match(inline.out, /"logs":\[/);
  assert.deepStrictEqual(await analyze(0, argv), inline);
  assert.deepStrictEqual(await analyze(0, argv, 2), inline);
});

test('a capture that cannot be opened fails the same way on both paths', async () => {
  const argv = [join(SAMPLES, 'no-such-capture.pcap')];
  await assert.rejects(analyze(0, argv), /ENOENT/);
  await assert.rejects(analyze(0, argv, 2), /ENOENT/);
  await assert.rejects(analyze(Infinity, argv), /ENOENT/);
});
