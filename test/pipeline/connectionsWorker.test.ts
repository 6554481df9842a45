import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Timestamp } from '../../analyzer/capture/timestamp';
import { ConnectionTracker, type TrackerOptions } from '../../analyzer/connections/connectionTracker';
import { trackConnectionsInWorker } from '../../analyzer/io/connectionsWorker';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';

const ROOT = join(__dirname, '..', '..');

function captures(): string[] {
  return ['samples', join('test', 'fixtures')].flatMap((d) =>
    readdirSync(join(ROOT, d)).filter((f) => /\.(pcapng|pcap)$/.test(f)).map((f) => join(ROOT, d, f)));
}

/** What a sink on the reading thread sees, in order, as JSON lines. */
async function onThisThread(path: string, opts: TrackerOptions, chunkSize: number): Promise<string[]> {
  const events: string[] = [];
  const t = new ConnectionTracker({ connection: (r) => events.push(`connection ${JSON.stringify(r)}`) }, opts);
  let first: Timestamp | null = null;
  let last: Timestamp | null = null;
  const summary = await readCaptureFile(path, {
    iface: (i) => events.push(`iface ${i.index} ${i.linkType} ${i.name ?? ''}`),
    warning: (w) => events.push(`warning ${JSON.stringify(w)}`),
    packet: (p) => {
      if (first === null) events.push(`first ${JSON.stringify(p.ts)}`);
      first ??= p.ts;
      last = p.ts;
      t.packet(p);
    },
  }, { chunkSize });
  t.finish();
  events.push(`end ${JSON.stringify(summary)} ${JSON.stringify(first)} ${JSON.stringify(last)}`);
  return events;
}

async function inWorker(path: string, opts: TrackerOptions, chunkSize: number): Promise<string[]> {
  const events: string[] = [];
  let progressed = 0;
  const end = await trackConnectionsInWorker(path, {
    firstPacket: (ts) => events.push(`first ${JSON.stringify(ts)}`),
    iface: (i) => events.push(`iface ${i.index} ${i.linkType} ${i.name ?? ''}`),
    warning: (w) => events.push(`warning ${JSON.stringify(w)}`),
    connection: (r) => events.push(`connection ${JSON.stringify(r)}`),
  }, { tracker: opts, chunkSize, onProgress: (done, total) => { assert.ok(done <= total); progressed = done; } });
  assert.equal(progressed, end.summary.bytes, path);
  events.push(`end ${JSON.stringify(end.summary)} ${JSON.stringify(end.firstTs)} ${JSON.stringify(end.lastTs)}`);
  return events;
}

test('the worker hands on what a tracker on this thread would, in the same order, on every sample and fixture', async () => {
  let n = 0;
  for (const path of captures()) {
    // Small chunks (every other capture): interfaces, warnings and records of many chunks interleave.
    const even = n++ % 2 === 0;
    const opts: TrackerOptions = even ? {} : { windowEvidence: true };
    const chunk = even ? 4096 : 1 << 20;
    assert.deepStrictEqual(await inWorker(path, opts, chunk), await onThisThread(path, opts, chunk), `${path} ${chunk}`);
  }
});

test('a file that cannot be read, a sink that throws and an abort each fail the promise', async () => {
  await assert.rejects(trackConnectionsInWorker(join(ROOT, 'no-such-capture.pcap'), { connection: () => undefined }), /ENOENT/);
  const sample = join(ROOT, 'samples', 'http-keepalive.pcapng');
  await assert.rejects(trackConnectionsInWorker(sample, { connection: () => { throw new Error('sink failed'); } }), /sink failed/);
  await assert.rejects(trackConnectionsInWorker(sample, { connection: () => undefined }, { afterChunk: () => Promise.reject(new Error('output closed')) }), /output closed/);
  const ac = new AbortController();
  const p = trackConnectionsInWorker(join(ROOT, 'samples', 'http-keepalive.pcapng'), { connection: () => undefined }, { signal: ac.signal });
  ac.abort(new Error('stop'));
  await assert.rejects(p, /stop/);
});
