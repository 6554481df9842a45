import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { oneTracker, samplesAndFixtures, threadEvents } from './oneTracker';
import type { TrackerOptions } from '../../analyzer/connections/connectionTracker';
import { trackConnectionsInWorker } from '../../analyzer/io/connectionsWorker';

const ROOT = join(__dirname, '..', '..');

function inWorker(path: string, opts: TrackerOptions, chunkSize: number): Promise<string[]> {
  return threadEvents(path, (sink, onProgress) => trackConnectionsInWorker(path, sink, { tracker: opts, chunkSize, onProgress }));
}

test('the worker hands on what a tracker on this thread would, in the same order, on every sample and fixture', async () => {
  let n = 0;
  for (const path of samplesAndFixtures()) {
    // Small chunks (every other capture): interfaces, warnings and records of many chunks interleave.
    const even = n++ % 2 === 0;
    const opts: TrackerOptions = even ? {} : { windowEvidence: true };
    const chunk = even ? 4096 : 1 << 20;
    assert.deepStrictEqual(await inWorker(path, opts, chunk), await oneTracker(path, opts, chunk), `${path} ${chunk}`);
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
