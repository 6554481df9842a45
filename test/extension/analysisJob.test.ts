/**
 * The editor's analysis (analysisJob.ts) directly and through the built worker thread
 * (dist/analysisWorker.js): the same sockets as `winsock-replay analyze --json`, the header the
 * summary panel shows, a packet index, progress, cancellation that keeps what was read, and a
 * damaged capture that keeps its good part.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import { main } from '../../analyzer/cli/main';
import { DEFAULT_OPTIONS } from '../../analyzer/replay/options';
import { runAnalysis, type AnalysisResult } from '../../extension/analysisJob';
import type { FromWorker } from '../../extension/workerProtocol';
import type { SocketRowView } from '../../webview/protocol';
import { build } from './webpackBuild';

const ROOT = join(__dirname, '..', '..');

/** What `winsock-replay analyze --json` prints for `file` (the CLI's own entry, in process). */
async function cliJson(file: string): Promise<{ sockets: unknown[] }> {
  let out = '';
  await main(['analyze', file, '--json'], (s) => {
    out += s;
  }, () => undefined);
  return JSON.parse(out) as { sockets: unknown[] };
}

async function analyze(file: string, signal?: AbortSignal): Promise<{ rows: SocketRowView[]; result: AnalysisResult; progress: number }> {
  const rows: SocketRowView[] = [];
  let progress = 0;
  const result = await runAnalysis({ file, options: DEFAULT_OPTIONS, local: null }, { progress: () => progress++, sockets: (s) => rows.push(...s) }, signal);
  return { rows, result, progress };
}

const strip = (s: SocketRowView): unknown => {
  const { title: _t, outcome: _o, firstFrame: _f, lastFrame: _l, ...rest } = s;
  return rest;
};

describe('analysis for the capture editor', () => {
  for (const file of ['samples/listener-backlog.pcapng', 'samples/udp-exchange.pcapng', 'samples/reset-abort.pcapng']) {
    it(`${file}: the sockets of analyze --json, with title, outcome and frames`, async () => {
      const { rows, result, progress } = await analyze(file);
      assert.deepEqual(rows.map(strip), (await cliJson(file)).sockets);
      assert.ok(progress > 0);
      assert.equal(result.cancelled, false);
      assert.equal(result.index.count, result.info.packets);
      for (const r of rows) {
        assert.ok(r.firstFrame >= 1 && r.firstFrame <= r.lastFrame && r.lastFrame <= result.index.count);
        assert.ok(r.title.startsWith(`${r.role} ${r.local}`));
      }
    });
  }

  it('a capture cut in the middle of a packet keeps every packet before the cut and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsr-job-'));
    try {
      const cut = join(dir, 'cut.pcapng');
      copyFileSync('samples/zero-window.pcapng', cut);
      truncateSync(cut, statSync(cut).size - 700);
      const { rows, result } = await analyze(cut);
      assert.ok(result.index.count > 50 && result.index.count < 95, `${result.index.count} packets`);
      assert.ok(result.info.warnings.some((w) => w.offset !== undefined), JSON.stringify(result.info.warnings));
      assert.ok(rows.length >= 2, 'the sockets replayed from the good part');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cancelled: what was read so far is kept and said', async () => {
    const abort = new AbortController();
    abort.abort();
    const { result } = await analyze('samples/http-keepalive.pcapng', abort.signal);
    assert.equal(result.cancelled, true);
    assert.match(result.warnings[0]!, /^stopped by the user after 0 bytes/);
    assert.equal(result.info.stopped, true);
  });

  it('a file that is not a capture: no packets, and the reason with its byte offset', async () => {
    const { rows, result } = await analyze('README.md');
    assert.deepEqual([rows.length, result.index.count], [0, 0]);
    assert.equal(result.info.warnings[0]!.code, 'not-a-capture');
    assert.match(result.info.warnings[0]!.message, /^byte offset 0, before the first packet: not a pcap or pcapng file/);
  });
});

describe('the built worker (analysisWorker.js)', () => {
  let out = '';
  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'wsr-worker-'));
    await build(out, 'production', ['extension']);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('streams sockets, then transfers the packet index', async () => {
    const worker = new Worker(join(out, 'analysisWorker.js'));
    const messages: FromWorker[] = [];
    const done = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        messages.push(m);
        if (m.type === 'done' || m.type === 'failed') resolve();
      });
      worker.on('error', reject);
    });
    worker.postMessage({ type: 'analyze', request: { file: join(ROOT, 'samples/listener-backlog.pcapng'), options: DEFAULT_OPTIONS, local: null } });
    await done;
    await worker.terminate();
    const last = messages.at(-1)!;
    assert.equal(last.type, 'done');
    if (last.type !== 'done') return;
    const sockets = messages.flatMap((m) => (m.type === 'sockets' ? m.sockets : []));
    assert.equal(sockets.length, (await cliJson('samples/listener-backlog.pcapng')).sockets.length);
    assert.ok(last.result.index.offset instanceof Float64Array);
    assert.equal(last.result.index.count, 30);
    assert.ok(messages.some((m) => m.type === 'progress'));
  });
});
