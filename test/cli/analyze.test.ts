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

test('analyze --json: the versioned schema, one object', async () => {
  const r = await run('analyze', join(SAMPLES, 'reset-abort.pcapng'), '--json');
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  const v = JSON.parse(r.out);
  assert.equal(v.schema, 'winsock-replay/analyze@1');
  assert.deepEqual(Object.keys(v).sort(), ['capture', 'options', 'schema', 'sockets', 'warnings']);
  assert.deepEqual(v.options, {
    profile: 'windows', api: 'WSAEventSelect', mask: 'FD_READ|FD_WRITE|FD_OOB|FD_ACCEPT|FD_CONNECT|FD_CLOSE (0x3f)', app: 'prompt',
    appText: v.options.appText, local: null,
  });
  assert.deepEqual([v.capture.format, v.capture.packets, v.capture.connections], ['pcapng', 8, 1]);
  assert.match(v.capture.first, /^\d+\.\d{9}$/);
  const client = v.sockets.find((s: { role: string }) => s.role === 'client');
  assert.deepEqual(Object.keys(client), ['id', 'role', 'local', 'remote', 'connState', 'history', 'connections', 'localRule', 'events', 'otherProfile', 'diagnosis']);
  const close = client.events.at(-1);
  assert.deepEqual(
    [close.event, close.error, close.frames, close.rule, close.lNetworkEvents],
    ['FD_CLOSE', 'WSAECONNABORTED', [8], 'close.reset-aborted', '0x20'],
  );
  assert.match(close.ts, /^\d+\.\d{9}$/);
  assert.match(close.divergence, /^documented: FD_CLOSE\(WSAECONNRESET\)/);
  assert.equal(client.events[0].error, 0);
});

test('analyze --api WSAAsyncSelect --json: one entry per message, with lParam', async () => {
  const r = await run('analyze', join(SAMPLES, 'refused.pcap'), '--json', '--api', 'WSAAsyncSelect');
  const v = JSON.parse(r.out);
  const e = v.sockets[0].events[0];
  assert.deepEqual([e.event, e.error, e.lParam, e.lNetworkEvents], ['FD_CONNECT', 'WSAECONNREFUSED', (10061 << 16) | 0x10, undefined]);
});

test('analyze: options reach the replay (--profile, --mask, --app)', async () => {
  const r = await run('analyze', join(SAMPLES, 'reset-abort.pcapng'), '--json', '--profile', 'documented', '--mask', 'FD_READ|FD_CLOSE', '--app', 'none');
  const v = JSON.parse(r.out);
  assert.deepEqual([v.options.profile, v.options.mask, v.options.app], ['documented', 'FD_READ|FD_CLOSE (0x21)', 'none']);
  const client = v.sockets.find((s: { role: string }) => s.role === 'client');
  assert.deepEqual(client.events.map((e: { event: string; error: unknown }) => `${e.event}:${e.error}`), ['FD_READ:0', 'FD_CLOSE:WSAECONNRESET']);
});

test('analyze --app window: the streamed analysis asks the tracker for window evidence', async () => {
  const r = await run('analyze', join(SAMPLES, 'zero-window.pcapng'), '--json', '--app', 'window');
  const v = JSON.parse(r.out);
  assert.equal(v.options.app, 'window');
  const a = v.sockets.find((s: { role: string }) => s.role === 'accepted');
  // As in test/replay/samples.test.ts: data at 4, reads from the window update (11) on.
  const frames = a.events.filter((e: { event: string }) => e.event === 'FD_READ').map((e: { frames: number[] }) => e.frames[0]);
  assert.deepEqual(frames.slice(0, 4), [4, 11, 14, 16]);
  assert.equal(frames.length, 42);
  assert.ok(a.diagnosis.includes('41 reads inferred from the receive window'));
});

test('analyze: a readable table; --markdown: GitHub tables for a bug report', async () => {
  const t = await run('analyze', join(SAMPLES, 'urgent-oob.pcapng'));
  assert.equal(t.code, 0);
  assert.match(t.out, /#3 accepted 127\.0\.0\.1:47083 ← 127\.0\.0\.1:43964 +SF/);
  assert.match(t.out, /FD_WRITE → FD_READ → FD_OOB → FD_READ → FD_CLOSE/);
  assert.doesNotMatch(t.out, /\x1b\[/, 'no colour when not a terminal');
  const c = await run('analyze', join(SAMPLES, 'urgent-oob.pcapng'), '--color');
  assert.match(c.out, /\x1b\[1m#1 listener/);
  const m = await run('analyze', join(SAMPLES, 'urgent-oob.pcapng'), '--markdown');
  assert.match(m.out, /^## Winsock Replay: .*urgent-oob\.pcapng/);
  assert.match(m.out, /\| time \(s\) \| frames \| WSAEnumNetworkEvents \| iErrorCode \| rule \| other profile \|/);
  assert.match(m.out, /\| 6 \| FD_OOB \(0x4\) \|/);
});

test('analyze: bad options are usage errors naming the option', async () => {
  for (const [args, msg] of [
    [['--mask', 'FD_READ,FD_BOGUS'], /"FD_BOGUS" is not an FD_\* event/],
    [['--profile', 'linux'], /"linux" is not a profile/],
    [['--api', 'select'], /"select" is not an API/],
    [['--app', 'eager'], /"eager" is not an application model/],
    [['--local', 'not-an-ip'], /--local: "not-an-ip" is not an IPv4 or IPv6 address/],
    [['--json', '--markdown'], /exclude each other/],
    [['--frobnicate=1'], /unknown option --frobnicate for analyze/],
  ] as const) {
    const r = await run('analyze', join(SAMPLES, 'refused.pcap'), ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, msg);
  }
});

test('analyze: a truncated capture reports the damage and keeps every socket read before it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsr-analyze-'));
  const whole = bytesOf(join(SAMPLES, 'graceful-close.pcapng'));
  const file = join(dir, 'cut.pcapng');
  // Cut in the middle of the last packet block.
  writeFileSync(file, whole.subarray(0, whole.length - 120));
  const r = await run('analyze', file, '--json');
  assert.equal(r.code, 1);
  assert.match(r.err, /cut\.pcapng: (error|warning): .*offset/);
  const v = JSON.parse(r.out);
  assert.ok(v.warnings.length > 0);
  assert.deepEqual(v.sockets.map((s: { role: string }) => s.role), ['listener', 'client', 'accepted']);
  const client = v.sockets[1];
  assert.deepEqual(client.events.map((e: { event: string }) => e.event), ['FD_WRITE', 'FD_CONNECT', 'FD_READ', 'FD_CLOSE']);
});
