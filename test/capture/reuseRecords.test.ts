import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureReader } from '../../analyzer/capture/captureReader';
import type { PacketRecord } from '../../analyzer/capture/types';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { bytesOf, captureFiles } from './fixtures';
import { FEEDS } from './harness';

/*
 * `reuseRecords` hands the sink one record object, refilled: what the sink reads during each
 * call must be what a new record would have said, for every packet, however the bytes arrive.
 */

/** Every field of a record (the compiler checks that none is missing). */
const FIELDS: Record<keyof PacketRecord, true> = {
  n: true, offset: true, kind: true, iface: true, linkType: true, ts: true, caplen: true, len: true, data: true,
  tsSec: true, tsFrac: true, tsUnits: true, bytes: true, start: true, comments: true, flags: true, direction: true,
  packetId: true, verdicts: true, processId: true, threadId: true, dropCount: true, queue: true, otherOptions: true,
};

/**
 * What a sink can read of a record during the call, copied; optional fields only when set. The
 * packet's bytes are read both ways: as `data`, and at `start` in `bytes` (a reused record's
 * `bytes` is the reader's whole buffer, a new one's the packet's own).
 */
function snapshot(p: PacketRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(FIELDS) as (keyof PacketRecord)[]) {
    if (k === 'bytes' || k === 'start') continue;
    const v = p[k];
    if (v !== undefined) out[k] = v instanceof Uint8Array ? Array.from(v) : v;
  }
  out['bytes at start'] = Array.from(p.bytes.subarray(p.start, p.start + p.caplen));
  return out;
}

function readAll(chunks: Uint8Array[], reuseRecords: boolean): { packets: Record<string, unknown>[]; records: Set<PacketRecord> } {
  const packets: Record<string, unknown>[] = [];
  const records = new Set<PacketRecord>();
  const r = new CaptureReader({ packet: (p) => { records.add(p); packets.push(snapshot(p)); } }, { reuseRecords });
  for (const c of chunks) r.push(c);
  r.end();
  return { packets, records };
}

test('every shipped capture, fed every way: the reused record says what new records say', () => {
  let files = 0;
  for (const path of captureFiles()) {
    const bytes = bytesOf(path);
    const want = readAll([bytes], false).packets;
    for (const feed of FEEDS) {
      const got = readAll(feed.split(bytes), true);
      assert.deepStrictEqual(got.packets, want, `${path}, ${feed.name}`);
      assert.ok(got.records.size <= 1, `${path}, ${feed.name}: one record object`);
    }
    files++;
  }
  assert.ok(files > 20);
});

test('readCaptureFile with reuseRecords and small buffers taking turns: the same packets', async () => {
  for (const path of captureFiles()) {
    const copy = (out: Record<string, unknown>[]) => (p: PacketRecord): void => { out.push(snapshot(p)); };
    const want: Record<string, unknown>[] = [];
    await readCaptureFile(path, { packet: copy(want) });
    for (const chunkSize of [61, 4096]) {
      const got: Record<string, unknown>[] = [];
      await readCaptureFile(path, { packet: copy(got) }, { reuseRecords: true, chunkSize });
      assert.deepStrictEqual(got, want, `${path}, chunks of ${chunkSize}`);
    }
  }
});
