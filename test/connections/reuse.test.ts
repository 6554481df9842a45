import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PacketRecord } from '../../analyzer/capture/types';
import { ConnectionTracker } from '../../analyzer/connections/connectionTracker';
import { HappeningCode, HappeningLog } from '../../analyzer/connections/happeningLog';
import type { ConnectionRecord } from '../../analyzer/connections/record';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { captureFiles } from '../capture/fixtures';
import { randomTraffic } from './randomTraffic';

/*
 * The tracker reuses the objects of connections it handed on for new ones, and keeps
 * happenings as numbers until a connection is handed on. Neither may show: a connection
 * tracked in reused objects must come out exactly as in new ones, and the happenings exactly
 * as the objects the tracker used to make on the spot.
 */

async function packetsOf(path: string): Promise<PacketRecord[]> {
  const out: PacketRecord[] = [];
  await readCaptureFile(path, { packet: (p) => out.push(p) });
  return out;
}

function track(packets: readonly PacketRecord[][]): ConnectionRecord[] {
  const out: ConnectionRecord[] = [];
  const t = new ConnectionTracker({ connection: (r) => out.push(r) });
  for (const ps of packets) for (const p of ps) t.packet(p);
  t.finish();
  return out.sort((a, b) => a.id - b.id);
}

/** JSON of the records, ids counted from the first one. */
function text(records: readonly ConnectionRecord[]): string[] {
  const first = records[0]?.id ?? 0;
  return records.map((r) => JSON.stringify({ ...r, id: r.id - first }));
}

test('every shipped capture: the same records when the tracker reuses the objects of earlier connections', async () => {
  // Traffic from 1970 first: its connections are over (and their objects free for reuse) long
  // before the capture's first packet; those still open at the end are left out.
  const before = randomTraffic(7, 5000);
  const first = new ConnectionTracker({ connection: () => undefined });
  for (const p of before) first.packet(p);
  const earlier = first.stats.connections;
  let files = 0;
  for (const path of captureFiles()) {
    const packets = await packetsOf(path);
    const fresh = track([packets]);
    const reused = track([before, packets]).filter((r) => r.id > earlier);
    assert.deepEqual(text(reused), text(fresh), path);
    files++;
  }
  assert.ok(files >= 20);
});

test('messy random traffic: the same records for a connection in reused objects as in new ones', () => {
  for (const seed of [1, 2, 3]) {
    const a = randomTraffic(seed, 4000);
    const b = randomTraffic(seed + 100, 4000, 3_000_000, 1);
    // b alone, and b after a (whose objects it then reuses): b's connections must not differ.
    const alone = track([b]);
    const after = track([a, b]);
    const bIds = after.length - alone.length;
    assert.ok(alone.length > 100 && bIds > 100);
    assert.deepEqual(text(after.slice(bIds)), text(alone), `seed ${seed}`);
  }
});

test('HappeningLog: each kind as an object with the fields in the order the emitters wrote them', () => {
  const log = new HappeningLog();
  const ts = { sec: 1700000000, frac: 123456, unitsPerSec: 1e6 };
  const ts2 = { sec: 1700000001, frac: 5, unitsPerSec: 1e9 };
  const C = HappeningCode;
  const icmp = { version: 4 as const, type: 3, code: 3, name: 'port unreachable', from: '10.0.0.9' };
  log.add(C.CONNECT_ATTEMPT, false, 1, ts, 0xfffffff0 | 0, 0, 0);
  log.add(C.CONNECT_RETRY, false, 2, ts, 2, 1, 0);
  log.add(C.CONNECT_ESTABLISHED, false, 3, ts, 0, 0, 0);
  log.add(C.PEER_CONNECTS, true, 4, ts, 0, 0, 0);
  log.add(C.CONNECT_REFUSED, false, 5, ts, 0, 0, 0);
  log.add(C.CONNECT_UNREACHABLE, false, 6, ts, log.extra(icmp), 0, 0);
  log.add(C.CONNECT_TIMEOUT, false, 7, ts2, 1, 3, 0);
  log.add(C.PEER_SENDS, true, 8, ts, 100, 2 ** 40, 0);
  log.add(C.PEER_SENDS_UNSEEN, false, 9, ts, 5, 105, 5);
  log.add(C.PEER_SENDS_OOB, true, 10, ts, 7, -1, 0);
  log.add(C.PEER_FIN, true, 11, ts, 105, 0, 0);
  log.add(C.PEER_RST, false, 12, ts, 0, 0, 0);
  log.add(C.RST_IGNORED, true, 13, ts, log.extra('why'), 0, 0);
  log.add(C.LOCAL_FIN, false, 14, ts, 0, 0, 0);
  log.add(C.LOCAL_RST, true, 15, ts, 0, 0, 0);
  log.add(C.PEER_WINDOW_ZERO, false, 16, ts, 0, 0, 0);
  log.add(C.PEER_WINDOW_OPEN, false, 17, ts, 65535 * 128, 0, 0);
  log.add(C.ICMP_ERROR, true, 18, ts, log.extra(icmp), 0, 0);
  log.add(C.DATAGRAM, true, 19, ts, 12, 0, 0);
  log.add(C.PEER_UNREACHABLE, false, 20, ts, log.extra(icmp), 0, 0);
  const want = [
    { kind: 'connect-attempt', at: 'client', ts, frame: 1, isn: 0xfffffff0 },
    { kind: 'connect-retry', at: 'client', ts, frame: 2, attempt: 2, after: 'refusal' },
    { kind: 'connect-established', at: 'client', ts, frame: 3 },
    { kind: 'peer-connects', at: 'server', ts, frame: 4 },
    { kind: 'connect-refused', at: 'client', ts, frame: 5 },
    { kind: 'connect-unreachable', at: 'client', ts, frame: 6, icmp },
    { kind: 'connect-timeout', at: 'client', ts: ts2, frame: 7, reason: 'capture-ended', attempts: 3 },
    { kind: 'peer-sends', at: 'server', ts, frame: 8, bytes: 100, total: 2 ** 40 },
    { kind: 'peer-sends', at: 'client', ts, frame: 9, bytes: 5, total: 105, unseen: 5 },
    { kind: 'peer-sends-oob', at: 'server', ts, frame: 10, offset: 7, value: -1 },
    { kind: 'peer-fin', at: 'server', ts, frame: 11, total: 105 },
    { kind: 'peer-rst', at: 'client', ts, frame: 12 },
    { kind: 'rst-ignored', at: 'server', ts, frame: 13, reason: 'why' },
    { kind: 'local-fin', at: 'client', ts, frame: 14 },
    { kind: 'local-rst', at: 'server', ts, frame: 15 },
    { kind: 'peer-window-zero', at: 'client', ts, frame: 16 },
    { kind: 'peer-window-open', at: 'client', ts, frame: 17, window: 65535 * 128 },
    { kind: 'icmp-error', at: 'server', ts, frame: 18, icmp },
    { kind: 'datagram', at: 'server', ts, frame: 19, bytes: 12 },
    { kind: 'peer-unreachable', at: 'client', ts, frame: 20, icmp },
  ];
  // JSON, so that the order of the fields counts too.
  assert.deepEqual(log.toHappenings().map((h) => JSON.stringify(h)), want.map((h) => JSON.stringify(h)));
  log.clear();
  assert.equal(log.length, 0);
  assert.deepEqual(log.toHappenings(), []);
});
