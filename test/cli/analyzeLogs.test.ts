/**
 * `analyze --log`: the comparison in every output format, per-log clock options, and a log
 * that cannot be read (reported, exit status 1, the rest of the output kept).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../analyzer/cli/main';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => { out += s; }, (s) => { err += s; });
  return { code, out, err };
}

const CAPTURE = 'samples/reset-abort.pcapng';

test('--json: logs and each socket\'s log, with the deliberate FD_CLOSE error found', async () => {
  const r = await run('analyze', CAPTURE, '--log', 'samples/logs/reset-abort.program.log', '--log', 'samples/logs/reset-abort.netsh.txt', '--json');
  assert.equal(r.code, 0, r.err);
  const v = JSON.parse(r.out);
  assert.equal(v.schema, 'winsock-replay/analyze@1');
  assert.deepEqual(v.logs.map((l: { format: string }) => l.format), ['program', 'netsh-txt']);
  assert.match(v.logs[1].clock.summary, /UTC\+05:30/);
  const client = v.sockets.find((s: { role: string }) => s.role === 'client');
  assert.equal(client.log.ties.length, 3, JSON.stringify(client.log.ties));
  assert.deepEqual(client.log.summary, { matched: 3, missing: 0, extra: 0, late: 0, error: 1 });
  const wrong = client.log.compare.find((c: { verdict: string }) => c.verdict === 'error');
  assert.equal(wrong.event, 'FD_CLOSE');
  assert.equal(wrong.error, 'WSAECONNABORTED');
  assert.equal(wrong.log.log, 0);
  assert.deepEqual(wrong.frames, [8]);
});

test('text and Markdown carry the clocks and the findings', async () => {
  const text = await run('analyze', CAPTURE, '--log', 'samples/logs/reset-abort.program.log', '--no-color');
  assert.match(text.out, /log 1: samples\/logs\/reset-abort\.program\.log \(program, utf-8\): 10 records/);
  assert.match(text.out, /~ ERROR FD_CLOSE: the log \(line 11\) shows FD_CLOSE\(WSAECONNRESET\)/);
  const md = await run('analyze', CAPTURE, '--log', 'samples/logs/reset-abort.program.log', '--markdown');
  assert.match(md.out, /^> ERROR FD_CLOSE: /m);
});

test('--log-offset replaces the estimate, per log; bad values are usage errors', async () => {
  const r = await run('analyze', CAPTURE, '--log', 'samples/logs/reset-abort.netsh.txt', '--log-offset', '-19800', '--json');
  const v = JSON.parse(r.out);
  assert.equal(v.logs[0].clock.how, 'manual');
  assert.equal(v.logs[0].clock.offsetNs, -19800e9);
  const bad = await run('analyze', CAPTURE, '--log', 'a', '--log', 'b', '--log-shift', '1,2,3');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /one per --log \(2\)/);
  const noLog = await run('analyze', CAPTURE, '--log-shift', '1');
  assert.match(noLog.err, /--log-shift needs --log/);
});

test('a log that cannot be read is reported; the sockets and the other logs are kept', async () => {
  const r = await run('analyze', CAPTURE, '--log', 'samples/logs/no-such.log', '--log', 'samples/logs/reset-abort.program.log', '--json');
  assert.equal(r.code, 1);
  assert.match(r.err, /samples\/logs\/no-such\.log: no such file/);
  const v = JSON.parse(r.out);
  assert.equal(v.sockets.length, 3);
  assert.equal(v.logs.length, 1);
});

test('--app log: the program\'s calls from the log, said per socket in every format; without --log a usage error', async () => {
  const none = await run('analyze', CAPTURE, '--app', 'log');
  assert.equal(none.code, 2);
  assert.match(none.err, /--app log replays the program's calls from its log: give the log with --log <file>/);

  const r = await run('analyze', CAPTURE, '--log', 'samples/logs/reset-abort.netsh.txt', '--app', 'log', '--json');
  assert.equal(r.code, 0, r.err);
  const v = JSON.parse(r.out);
  assert.equal(v.options.app, 'log');
  assert.match(v.options.appText, /^log: /);
  const server = v.sockets.find((s: { role: string }) => s.role === 'accepted');
  // samples/logs/README.md: the reset-abort server sends 11 bytes, never reads, and closes abortively.
  assert.deepEqual(server.program.fromLog.filter((f: { calls: number }) => f.calls > 0).map((f: { kind: string }) => f.kind), ['send', 'closesocket']);
  assert.deepEqual(server.program.assumed, ['select', 'shutdown']);
  assert.ok(server.diagnosis.includes('closed with 75 bytes unread'), server.diagnosis.join('\n'));
  const prompt = JSON.parse((await run('analyze', CAPTURE, '--log', 'samples/logs/reset-abort.netsh.txt', '--json')).out);
  assert.equal(prompt.sockets.find((s: { role: string }) => s.role === 'accepted').program, undefined);

  const text = await run('analyze', CAPTURE, '--log', 'samples/logs/reset-abort.netsh.txt', '--app', 'log', '--no-color');
  assert.match(text.out, /^ {3}program's calls: send ×1, closesocket ×1 from samples\/logs\/reset-abort\.netsh\.txt; no recv, accept; select, shutdown as prompt \(no log shows them\)$/m);
  const md = await run('analyze', CAPTURE, '--log', 'samples/logs/reset-abort.netsh.txt', '--app', 'log', '--markdown');
  assert.match(md.out, /^- program's calls: send ×1, closesocket ×1 from /m);
});

test('--app log with a log in whole seconds: its calls are not used, and the warnings say why', async () => {
  const r = await run('analyze', 'samples/listener-backlog.pcapng', '--log', 'samples/logs/listener-backlog.winevent.csv', '--app', 'log', '--json');
  assert.equal(r.code, 0, r.err);
  const v = JSON.parse(r.out);
  assert.ok(v.warnings.some((w: string) => /listener-backlog\.winevent\.csv: its calls were not used \(application model log\): its times are in whole seconds/.test(w)), JSON.stringify(v.warnings));
  assert.match(r.err, /winevent\.csv: its calls were not used/);
});
