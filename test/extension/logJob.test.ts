/**
 * Logs attached to the capture editor: read and compared in the analysis job after the capture,
 * the same verdicts as `analyze --log --json`, lanes in log order, a user's shift applied, bad
 * patterns and unreadable logs reported beside everything that could be read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../analyzer/cli/main';
import { DEFAULT_OPTIONS } from '../../analyzer/replay/options';
import { runAnalysis } from '../../extension/analysisJob';
import type { SocketRowView } from '../../webview/protocol';

const CAPTURE = 'samples/graceful-close.pcapng';
const LOG = 'samples/logs/graceful-close.program.log';

async function analyze(logs: { files: string[]; clocks?: { shiftNs?: number }[]; patterns?: { regex: string }[] }) {
  return runAnalysis({ file: CAPTURE, options: DEFAULT_OPTIONS, local: null, logs: { clocks: [], patterns: [], ...logs } },
    { progress: () => undefined, sockets: () => undefined });
}

describe('logs in the analysis job', () => {
  it('gives the CLI\'s verdicts, and a lane per tied socket', async () => {
    const r = await analyze({ files: [LOG, 'samples/logs/graceful-close.tracerpt.xml'] });
    let out = '';
    await main(['analyze', CAPTURE, '--log', LOG, '--log', 'samples/logs/graceful-close.tracerpt.xml', '--json'], (s) => { out += s; }, () => undefined);
    const cli = JSON.parse(out) as { sockets: { id: number; log: unknown }[] };
    assert.ok(r.logs !== null);
    for (const s of cli.sockets) assert.deepEqual(r.logs.sockets[s.id]?.log ?? null, s.log, `socket ${s.id}`);
    const missing = Object.values(r.logs.sockets).flatMap((s) => s.log.compare.filter((c) => c.verdict === 'missing'));
    assert.deepEqual(missing.map((c) => c.event), ['FD_CLOSE']);
    for (const s of Object.values(r.logs.sockets)) {
      assert.ok(s.lane.length > 0);
      const lines = s.lane.filter((l) => l.log === 0).map((l) => l.line);
      assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
      assert.ok(s.lane.every((l) => l.ts !== null && /^\d+\.\d{9}$/.test(l.ts)));
    }
  });

  it('a shift moves the lane\'s times by exactly that much', async () => {
    const plain = await analyze({ files: [LOG] });
    const moved = await analyze({ files: [LOG], clocks: [{ shiftNs: 2_500_000 }] });
    const id = Number(Object.keys(plain.logs!.sockets)[0]);
    const a = plain.logs!.sockets[id]!.lane[0]!;
    const b = moved.logs!.sockets[id]!.lane[0]!;
    assert.equal(Math.round((Number(b.ts) - Number(a.ts)) * 1e6), 2500);
    assert.equal(moved.logs!.files[0]!.clock.shiftNs, 2_500_000);
  });

  it('an unreadable log and a bad pattern are reported; the rest is kept', async () => {
    const r = await analyze({ files: ['samples/logs/none.log', LOG], patterns: [{ regex: '(' }] });
    assert.equal(r.logs!.files.length, 1);
    assert.ok(r.logs!.failed.some((f) => /none\.log: no such file/.test(f)), r.logs!.failed.join('\n'));
    assert.ok(r.logs!.failed.some((f) => /logPatterns/.test(f)));
    assert.ok(r.info.packets > 0);
  });

  it('application model log: the sockets go out once, replayed with the logged calls, as `analyze --app log` gives them', async () => {
    const capture = 'samples/reset-abort.pcapng';
    const log = 'samples/logs/reset-abort.netsh.txt';
    const rows: SocketRowView[] = [];
    const r = await runAnalysis({ file: capture, options: { ...DEFAULT_OPTIONS, app: 'log' }, local: null, logs: { files: [log], clocks: [], patterns: [] } },
      { progress: () => undefined, sockets: (batch) => rows.push(...batch) });
    let out = '';
    await main(['analyze', capture, '--log', log, '--app', 'log', '--json'], (x) => { out += x; }, () => undefined);
    const cli = JSON.parse(out) as { sockets: { id: number; events: unknown[]; diagnosis: string[]; program?: unknown; log: unknown }[] };
    assert.deepEqual(rows.map((x) => x.id).sort(), cli.sockets.map((x) => x.id).sort(), 'each socket once');
    for (const s of cli.sockets) {
      const row = rows.find((x) => x.id === s.id)!;
      assert.deepEqual(row.events, s.events, `socket ${s.id}`);
      assert.deepEqual(row.diagnosis, s.diagnosis, `socket ${s.id}`);
      assert.deepEqual(row.program, s.program, `socket ${s.id}`);
      assert.deepEqual(r.logs!.sockets[s.id]?.log ?? null, s.log, `socket ${s.id}`);
    }
    // The server never reads (samples/logs/README.md): only the log model shows what it left.
    const server = rows.find((x) => x.diagnosis.includes('closed with 75 bytes unread'));
    assert.ok(server !== undefined);
    assert.equal(server.programText, `program's calls: send ×1, closesocket ×1 from ${log}; no recv, accept; select, shutdown as prompt (no log shows them)`);
  });

  it('application model log with no log attached: as prompt, and a warning says so', async () => {
    const rows: SocketRowView[] = [];
    const r = await runAnalysis({ file: CAPTURE, options: { ...DEFAULT_OPTIONS, app: 'log' }, local: null }, { progress: () => undefined, sockets: (b) => rows.push(...b) });
    const prompt: SocketRowView[] = [];
    await runAnalysis({ file: CAPTURE, options: DEFAULT_OPTIONS, local: null }, { progress: () => undefined, sockets: (b) => prompt.push(...b) });
    assert.deepEqual(rows.map((x) => x.events), prompt.map((x) => x.events));
    assert.ok(r.warnings.some((w) => /^application model log: no log is attached/.test(w)), r.warnings.join('\n'));
  });

  it('without logs nothing is kept and no log view is made', async () => {
    const r = await runAnalysis({ file: CAPTURE, options: DEFAULT_OPTIONS, local: null }, { progress: () => undefined, sockets: () => undefined });
    assert.equal(r.logs, null);
  });
});
