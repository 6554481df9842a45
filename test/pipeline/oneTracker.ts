import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Timestamp } from '../../analyzer/capture/timestamp';
import { ConnectionTracker, type TrackerOptions } from '../../analyzer/connections/connectionTracker';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import type { TrackedCaptureResult, TrackedCaptureSink } from '../../analyzer/pipeline/trackerMessages';

/*
 * The reference the connections threads are held to: what a sink of one ConnectionTracker on
 * the reading thread sees.
 */

const ROOT = join(__dirname, '..', '..');

/** Every capture of samples/ and test/fixtures/. */
export function samplesAndFixtures(): string[] {
  return ['samples', join('test', 'fixtures')].flatMap((d) =>
    readdirSync(join(ROOT, d)).filter((f) => /\.(pcapng|pcap)$/.test(f)).map((f) => join(ROOT, d, f)));
}

/** What a sink of one tracker on this thread sees, in order, as JSON lines. */
export async function oneTracker(path: string, opts: TrackerOptions, chunkSize: number): Promise<string[]> {
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

/**
 * The same JSON lines from a connections thread (`track`: the worker, or the shards), which must
 * report its progress up to the whole file.
 */
export async function threadEvents(
  path: string,
  track: (sink: TrackedCaptureSink, onProgress: (done: number, total: number) => void) => Promise<TrackedCaptureResult>,
): Promise<string[]> {
  const events: string[] = [];
  let progressed = 0;
  const end = await track({
    firstPacket: (ts) => events.push(`first ${JSON.stringify(ts)}`),
    iface: (i) => events.push(`iface ${i.index} ${i.linkType} ${i.name ?? ''}`),
    warning: (w) => events.push(`warning ${JSON.stringify(w)}`),
    connection: (r) => events.push(`connection ${JSON.stringify(r)}`),
  }, (done, total) => {
    assert.ok(done <= total);
    progressed = done;
  });
  assert.equal(progressed, end.summary.bytes, path);
  events.push(`end ${JSON.stringify(end.summary)} ${JSON.stringify(end.firstTs)} ${JSON.stringify(end.lastTs)}`);
  return events;
}
