import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../analyzer/cli/main';
import { bytesOf, SAMPLES } from '../capture/fixtures';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => { out += s; }, (s) => { err += s; });
  return { code, out, err };
}

const REFUSED = join(SAMPLES, 'refused.pcap');

test('packets --json: one object per line in the documented schema', async () => {
  const r = await run('packets', REFUSED, '--json');
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  const [syn, rst] = lines;
  // samples/README.md: a connect() to closed port 47081 answered by RST/ACK.
  assert.deepEqual(Object.keys(syn), ['n', 'ts', 'iface', 'caplen', 'len', 'src', 'dst', 'proto', 'sport', 'dport', 'flags', 'seq', 'ack', 'win', 'urg', 'payload']);
  assert.equal(syn.n, 1);
  assert.match(syn.ts, /^\d+\.\d{9}$/);
  assert.deepEqual([syn.proto, syn.dport, syn.flags, syn.payload], ['tcp', 47081, 'S', 0]);
  assert.deepEqual([rst.n, rst.sport, rst.dport, rst.flags], [2, 47081, syn.sport, 'RA']);
  // A RST answering a SYN acknowledges the SYN's sequence number plus one.
  assert.equal(rst.ack, syn.seq + 1);
});

test('info --json reports the structure', async () => {
  const r = await run('info', join(SAMPLES, 'mixed-linktypes.pcapng'), '--json');
  assert.equal(r.code, 0);
  const info = JSON.parse(r.out);
  assert.equal(info.format, 'pcapng');
  assert.equal(info.packets, 22);
  assert.deepEqual(info.interfaces.map((i: { linkType: number; packets: number }) => [i.linkType, i.packets]), [[1, 11], [276, 11]]);
  assert.equal(info.stopped, false);
  assert.deepEqual(info.warnings, []);
});

test('a damaged capture: good packets on stdout, the problem on stderr naming file and offset, status 1', async () => {
  const src = bytesOf(join(SAMPLES, 'http-keepalive.pcapng'));
  const dir = mkdtempSync(join(tmpdir(), 'wsr-cli-'));
  const file = join(dir, 'cut.pcapng');
  writeFileSync(file, src.subarray(0, src.length - 300));
  const r = await run('packets', file);
  assert.equal(r.code, 1);
  const lines = r.out.trimEnd().split('\n');
  assert.ok(lines.length >= 10 && lines.length < 13, `${lines.length} packets`);
  assert.match(r.err, new RegExp(`^winsock-replay: ${file.replace(/[.\\/]/g, '\\$&')}: error: byte offset \\d+, after packet ${lines.length}: file ends inside a block`));
  const info = await run('info', file);
  assert.equal(info.code, 1);
  assert.match(info.out, /Warnings: {4}1\n {2}error: byte offset/);
});

test('usage errors and unreadable files exit 2', async () => {
  assert.equal((await run()).code, 2);
  const unknown = await run('frobnicate');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown command "frobnicate"/);
  assert.match((await run('packets')).err, /missing capture file/);
  const missing = await run('info', '/nonexistent/x.pcap');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /x\.pcap/);
  const help = await run('--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /winsock-replay info <capture>/);
});
