import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../analyzer/cli/main';
import { bytesOf, FIXTURES, SAMPLES } from '../capture/fixtures';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => { out += s; }, (s) => { err += s; });
  return { code, out, err };
}

test('connections --json: one object per line, the stable schema, happenings included', async () => {
  const r = await run('connections', join(SAMPLES, 'udp-port-unreachable.pcap'), '--json');
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  const rows = r.out.trimEnd().split('\n').map((l) => JSON.parse(l));
  // samples/README.md: an echo exchange on 47086, then a datagram to closed port 47087 and the ICMP answer.
  assert.equal(rows.length, 2);
  assert.deepEqual(Object.keys(rows[0]), [
    'id', 'protocol', 'ipVersion', 'client', 'server', 'localRule', 'roleRule', 'start', 'end', 'duration',
    'firstFrame', 'lastFrame', 'partial', 'reusedPort', 'connState', 'history', 'zeekOrigIsClient',
    'toServer', 'toClient', 'notes', 'happenings',
  ]);
  const [echo, closed] = rows;
  assert.deepEqual([echo.protocol, echo.server.port, echo.localRule, echo.client.local, echo.server.local], ['udp', 47086, 'loopback', true, true]);
  assert.match(echo.start, /^\d+\.\d{9}$/);
  assert.deepEqual(echo.happenings.map((h: { kind: string; at: string; frame: number }) => `${h.kind}@${h.at}#${h.frame}`), ['datagram@server#1', 'datagram@client#2']);
  const unreachable = closed.happenings.at(-1);
  assert.deepEqual([unreachable.kind, unreachable.at, unreachable.frame, unreachable.icmp.type, unreachable.icmp.code, unreachable.icmp.name],
    ['peer-unreachable', 'client', 4, 3, 3, 'port unreachable']);
  assert.equal(closed.connState, 'S0');
});

test('connections: text rows with the local side, conn_state and history; --happenings lists them', async () => {
  const r = await run('connections', join(SAMPLES, 'refused.pcap'), '--happenings');
  assert.equal(r.code, 0);
  assert.match(r.out, /^#1 tcp 127\.0\.0\.1:\d+ \(local\) → 127\.0\.0\.1:47081 \(local\) {2}REJ Sr {2}start 0\.000000 /m);
  assert.match(r.out, /#1 {2}client connect-attempt\n.*#2 {2}client connect-refused\n/);
  assert.match(r.out, /local side of 1: both ends on this host \(loopback\)/);
});

test('connections --local decides the local side, and says so', async () => {
  const file = join(FIXTURES, 'conn-local-evidence.pcapng');
  const auto = await run('connections', file, '--json');
  const rules = auto.out.trimEnd().split('\n').map((l) => JSON.parse(l).localRule);
  assert.deepEqual(new Set(rules), new Set(['common-address']));
  const given = await run('connections', file, '--json', '--local', '192.168.1.20');
  const rows = given.out.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.ok(rows.every((row) => row.localRule === 'option'));
  assert.deepEqual(rows.map((row) => [row.client.local, row.server.local]),
    rows.map((row) => [row.client.address === '192.168.1.20', row.server.address === '192.168.1.20']));
  assert.ok(rows.some((row) => row.server.local));
});

test('connections: a bad --local or an unknown option is a usage error (status 2)', async () => {
  const file = join(SAMPLES, 'refused.pcap');
  const bad = await run('connections', file, '--local', '10.0.0.300');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--local: "10\.0\.0\.300" is not an IPv4 or IPv6 address/);
  const unknown = await run('connections', file, '--locl', '10.0.0.1');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown option --locl/);
});

test('connections on a damaged capture: what was read is reported, the error names the file, status 1', async () => {
  const src = bytesOf(join(SAMPLES, 'listener-backlog.pcapng'));
  const dir = mkdtempSync(join(tmpdir(), 'wsr-conn-'));
  const file = join(dir, 'cut.pcapng');
  writeFileSync(file, src.subarray(0, Math.floor(src.length * 0.6)));
  const r = await run('connections', file, '--json');
  assert.equal(r.code, 1);
  const rows = r.out.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 3, 'the three connections of the listener are all started in the first 60%');
  assert.match(r.err, /cut\.pcapng: error: byte offset \d+, after packet \d+/);
});
