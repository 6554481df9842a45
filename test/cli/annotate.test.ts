import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatSeconds } from '../../analyzer/capture/timestamp';
import { main } from '../../analyzer/cli/main';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { SAMPLES } from '../capture/fixtures';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => { out += s; }, (s) => { err += s; });
  return { code, out, err };
}

/** frame number → its comments, as tshark reads them back. */
function tsharkComments(file: string): Map<number, string[]> {
  const text = execFileSync('tshark', ['-r', file, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=\u001f', '-e', 'frame.number', '-e', 'frame.comment'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const out = new Map<number, string[]>();
  for (const line of text.trimEnd().split('\n')) {
    const [n, c = ''] = line.split('\t');
    if (c !== '') out.set(Number(n), c.split('\u001f'));
  }
  return out;
}

async function packets(file: string): Promise<string[]> {
  const rows: string[] = [];
  await readCaptureFile(file, { iface: () => undefined, warning: () => undefined, packet: (p) => rows.push(`${p.n} ${formatSeconds(p.ts)} ${p.iface} ${p.caplen} ${p.len} ${Buffer.from(p.data).toString('hex')}`) });
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'wsr-annotate-cli-'));

test('annotate: tshark shows an FD_* comment on each frame that caused events; packets unchanged', async () => {
  const input = join(SAMPLES, 'reset-abort.pcapng');
  const output = join(dir, 'reset.pcapng');
  const r = await run('annotate', input, '-o', output);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /8 packets written \(pcapng\), 5 with FD_\* comments from 3 sockets/);
  // From the reset-abort timelines (test/replay/samples.test.ts), written out per frame.
  assert.deepEqual(Object.fromEntries(tsharkComments(output)), {
    2: ['FD_WRITE on 127.0.0.1:48740 [windows]', 'FD_CONNECT on 127.0.0.1:48740 [windows]'],
    3: ['FD_ACCEPT on 127.0.0.1:47082 [windows]', 'FD_WRITE on 127.0.0.1:47082 [windows]'],
    4: ['FD_READ on 127.0.0.1:48740 [windows]'],
    6: ['FD_READ on 127.0.0.1:47082 [windows]'],
    8: ['FD_CLOSE(WSAECONNABORTED) on 127.0.0.1:48740 [windows; documented: FD_CLOSE(WSAECONNRESET)]'],
  });
  assert.deepEqual(await packets(output), await packets(input));
});

test('annotate: a classic pcap comes out as pcapng, same packets; options reach the replay', async () => {
  const input = join(SAMPLES, 'refused.pcap');
  const output = join(dir, 'refused.pcapng');
  const r = await run('annotate', input, '-o', output, '--profile', 'documented', '--api', 'WSAAsyncSelect');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /converted from pcap to pcapng/);
  assert.deepEqual(Object.fromEntries(tsharkComments(output)), { 2: ['FD_CONNECT(WSAECONNREFUSED) on 127.0.0.1:39964 [documented]'] });
  assert.equal(execFileSync('capinfos', ['-t', '-M', output], { encoding: 'utf8' }).match(/File type:\s+(.*)/)?.[1]?.trim(), 'pcapng');
  assert.deepEqual(await packets(output), await packets(input));
});

test('annotate: usage errors', async () => {
  const input = join(SAMPLES, 'refused.pcap');
  assert.match((await run('annotate', input)).err, /annotate needs -o <out\.pcapng>/);
  assert.match((await run('annotate', input, '-o', input)).err, /must not overwrite the input/);
  assert.equal((await run('annotate', input, '-o', join(dir, 'x.pcapng'), '--json')).code, 2);
});
