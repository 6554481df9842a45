import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionTracker, type TrackerOptions } from '../../analyzer/connections/connectionTracker';
import type { ConnectionRecord } from '../../analyzer/connections/record';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { RecordReader, RecordWriter } from '../../analyzer/pipeline/recordCodec';
import { prng } from '../capture/harness';
import { randomTraffic } from '../connections/randomTraffic';
import { ipv4TcpFrame, PcapngWriter } from '../helpers/captureBuilder';

const ROOT = join(__dirname, '..', '..');

/** Every capture of the samples and fixtures. */
function captures(): string[] {
  return ['samples', join('test', 'fixtures')].flatMap((d) =>
    readdirSync(join(ROOT, d)).filter((f) => /\.(pcapng|pcap)$/.test(f)).map((f) => join(ROOT, d, f)));
}

async function recordsOf(path: string, opts: TrackerOptions): Promise<ConnectionRecord[]> {
  const out: ConnectionRecord[] = [];
  const t = new ConnectionTracker({ connection: (r) => out.push(r) }, opts);
  await readCaptureFile(path, { packet: (p) => t.packet(p) });
  t.finish();
  return out;
}

/**
 * Encoded in batches of random sizes and read back. With `recycle`, each batch's numbers go back
 * to the writer once read (as the connections worker's consumer gives them back), so later
 * batches are written into the buffers of earlier ones.
 */
function roundTrip(records: readonly ConnectionRecord[], seed: number, recycle = seed % 2 === 1): ConnectionRecord[] {
  const r = prng(seed);
  const w = new RecordWriter();
  const reader = new RecordReader();
  const out: ConnectionRecord[] = [];
  const read = (): void => {
    const batch = w.take();
    reader.read(batch, (x) => out.push(x));
    if (recycle) w.recycle(batch.numbers);
  };
  for (const rec of records) {
    w.add(rec);
    if (r() < 0.3) read();
  }
  read();
  return out;
}

/**
 * What a connections thread sends: a tracker that hands TCP connections on as it holds them
 * (no record made), encoded as they come (batches of random sizes) and read back.
 */
function rawEncoded(feed: (t: ConnectionTracker) => Promise<void> | void, opts: TrackerOptions, seed: number): Promise<ConnectionRecord[]> {
  const r = prng(seed);
  const w = new RecordWriter();
  const reader = new RecordReader();
  const out: ConnectionRecord[] = [];
  const t = new ConnectionTracker({
    connection: (rec) => {
      assert.equal(rec.protocol, 'udp', 'a TCP connection comes as the tracker holds it');
      w.add(rec);
      if (r() < 0.3) reader.read(w.take(), (x) => out.push(x));
    },
    tcpConnection: (c) => {
      w.addTcp(c);
      if (r() < 0.3) reader.read(w.take(), (x) => out.push(x));
    },
  }, opts);
  return (async () => {
    await feed(t);
    t.finish();
    reader.read(w.take(), (x) => out.push(x));
    return out;
  })();
}

/** Same values, same keys in the same order at every level (JSON shows order, not undefined keys). */
function assertSame(actual: readonly ConnectionRecord[], expected: readonly ConnectionRecord[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    assert.deepStrictEqual(actual[i], expected[i], `${what}: record ${i}`);
    assert.equal(JSON.stringify(actual[i]), JSON.stringify(expected[i]), `${what}: record ${i} key order`);
  }
}

test('records read back from their encoding are the tracker\'s, on every sample and fixture', async () => {
  let n = 0;
  for (const path of captures()) {
    for (const opts of [{}, { windowEvidence: true }]) {
      const records = await recordsOf(path, opts);
      assertSame(roundTrip(records, n), records, `${path} ${JSON.stringify(opts)}`);
      n += records.length;
    }
  }
  assert.ok(n > 50, `only ${n} records`);
});

test('TCP connections encoded straight from the tracker\'s objects read back as its records, on every sample and fixture', async () => {
  let n = 0;
  for (const path of captures()) {
    for (const opts of [{}, { windowEvidence: true }]) {
      const records = await recordsOf(path, opts);
      const raw = await rawEncoded((t) => readCaptureFile(path, { packet: (p) => t.packet(p) }).then(() => undefined), opts, n);
      assertSame(raw, records, `${path} ${JSON.stringify(opts)}`);
      n += records.length;
    }
  }
  assert.ok(n > 50, `only ${n} records`);
});

test('records of messy random traffic (retries, urgent data, ignored RSTs, window evidence) read back the same', async () => {
  for (let seed = 1; seed <= 6; seed++) {
    const records: ConnectionRecord[] = [];
    const t = new ConnectionTracker({ connection: (r) => records.push(r) }, { windowEvidence: seed % 2 === 0 });
    for (const p of randomTraffic(seed, 4000)) t.packet(p);
    t.finish();
    const kinds = new Set(records.flatMap((r) => r.happenings.map((h) => h.kind)));
    assert.ok(kinds.size >= 8, `seed ${seed}: ${[...kinds].join(' ')}`);
    assertSame(roundTrip(records, seed), records, `seed ${seed}`);
    const raw = await rawEncoded((tr) => { for (const p of randomTraffic(seed, 4000)) tr.packet(p); }, { windowEvidence: seed % 2 === 0 }, seed);
    assertSame(raw, records, `seed ${seed}, straight from the objects`);
  }
});

test('an end seen on several interfaces keeps them all, in order, when its connection is encoded straight from the tracker', async () => {
  // Client packets on interfaces 0, 2, 0, 1, server packets on 1: the client's list is [0, 2, 1].
  const w = new PcapngWriter().shb().idb(1).idb(1).idb(1);
  const send = (iface: number, us: number, fromClient: boolean, flags: string, seq: number, ack: number, payload?: Uint8Array): void => {
    const data = ipv4TcpFrame({
      src: fromClient ? '10.0.0.1' : '10.0.0.2', dst: fromClient ? '10.0.0.2' : '10.0.0.1',
      sport: fromClient ? 50000 : 80, dport: fromClient ? 80 : 50000, seq, ack, flags, ...(payload ? { payload } : {}),
    });
    w.epb(iface, 0, us, data);
  };
  send(0, 1, true, 'S', 100, 0);
  send(1, 2, false, 'SA', 500, 101);
  send(2, 3, true, 'A', 101, 501);
  send(0, 4, true, 'PA', 101, 501, new Uint8Array([1, 2, 3]));
  send(1, 5, true, 'FA', 104, 501);
  send(1, 6, false, 'FA', 501, 105);
  send(0, 7, true, 'A', 105, 502);
  const dir = mkdtempSync(join(tmpdir(), 'winsock-replay-codec-'));
  try {
    const path = join(dir, 'ifaces.pcapng');
    writeFileSync(path, w.bytes());
    const records = await recordsOf(path, {});
    assert.equal(records.length, 1);
    assert.deepStrictEqual(records[0]!.client.interfaces, [0, 2, 1]);
    assert.deepStrictEqual(records[0]!.server.interfaces, [1]);
    const raw = await rawEncoded((t) => readCaptureFile(path, { packet: (p) => t.packet(p) }).then(() => undefined), {}, 7);
    assertSame(raw, records, 'interfaces');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('batches written into buffers given back read back the same, and a batch taken without one is a copy', async () => {
  const records = await recordsOf(join(ROOT, 'samples', 'listener-backlog.pcapng'), {});
  assert.ok(records.length > 2, `${records.length} records`);
  for (const seed of [3, 4, 5]) assertSame(roundTrip(records, seed, true), records, `seed ${seed}, recycled`);
  // Without a buffer given back, the batch owns its numbers: writing on does not change them.
  const w = new RecordWriter();
  w.add(records[0]!);
  const first = w.take();
  const before = Array.from(first.numbers);
  for (const rec of records) w.add(rec);
  assert.deepStrictEqual(Array.from(first.numbers), before);
  // With a buffer given back, a batch takes the buffer written into, uncopied, and writing goes
  // on in the one given back.
  const given: ArrayBufferLike[] = [];
  const taken: ArrayBufferLike[] = [];
  for (let k = 0; k < 4; k++) {
    const spare = new Float64Array(16 * 1024);
    given.push(spare.buffer);
    w.recycle(spare);
    w.add(records[k % records.length]!);
    taken.push(w.take().numbers.buffer);
  }
  // The first batch was written before any buffer came back; each later one in the one given back before it.
  for (let k = 0; k < 3; k++) assert.ok(taken[k + 1] === given[k], `batch ${k + 1} is in the buffer given back before it`);
  assert.equal(new Set(taken).size, 4, 'each batch in a buffer of its own');
});

test('numbers beyond 32 bits and every optional key survive', () => {
  const ts = { sec: 2 ** 40, frac: 2 ** 52 - 1, unitsPerSec: 2 ** 52 };
  const stats = {
    packets: 1, frameBytes: 2 ** 45, ipBytes: 3, payloadBytes: 4, streamBytes: 5, retransmissions: 6, fastRetransmissions: 7,
    spuriousRetransmissions: 8, outOfOrder: 9, lostSegments: 10, duplicateAcks: 11, zeroWindows: 12, zeroWindowProbes: 13,
    windowUpdates: 14, keepAlives: 15, pktmonCopies: 16, unseenBytes: 17,
  };
  const icmp = { version: 6 as const, type: 1, code: 4, name: 'port unreachable', from: '2001:db8::1' };
  const rec: ConnectionRecord = {
    id: 7, protocol: 'tcp', ipVersion: 6,
    client: { address: '2001:db8::2', port: 50000, outboundFlagged: 2, inboundFlagged: 0, interfaces: [0, 3], ttl: 64 },
    server: { address: '2001:db8::3', port: 80, outboundFlagged: 0, inboundFlagged: 1, interfaces: [], ttl: -1 },
    roleRule: 'syn-ack', firstFrame: 1, lastFrame: 2 ** 33, start: ts, end: { sec: 1, frac: 0, unitsPerSec: 1e9 },
    partial: true, reusedPort: true, toServer: stats, toClient: { ...stats, unseenBytes: 0 },
    zeek: { connState: 'RSTO', history: 'ShR', origIsClient: false, origBytes: 0, respBytes: 2 ** 40 },
    happenings: [
      { kind: 'connect-attempt', at: 'client', ts, frame: 1, isn: 0xffffffff },
      { kind: 'connect-retry', at: 'client', ts, frame: 2, attempt: 2, after: 'unreachable' },
      { kind: 'connect-unreachable', at: 'client', ts, frame: 3, icmp },
      { kind: 'connect-timeout', at: 'client', ts, frame: 4, reason: 'capture-ended', attempts: 3 },
      { kind: 'peer-sends', at: 'server', ts, frame: 5, bytes: 10, total: 10, unseen: 0 },
      { kind: 'peer-sends', at: 'server', ts, frame: 6, bytes: 10, total: 2 ** 35 },
      { kind: 'peer-sends-oob', at: 'client', ts, frame: 7, offset: 9, value: -1 },
      { kind: 'rst-ignored', at: 'client', ts, frame: 8, reason: 'sequence number outside the window' },
      { kind: 'local-window-grows', at: 'server', ts, frame: 9, bytes: 5, window: 2 ** 30, granularity: 128, reopened: true },
      { kind: 'icmp-error', at: 'server', ts, frame: 10, icmp },
      { kind: 'peer-window-open', at: 'server', ts, frame: 11, window: 65535 },
    ],
    notes: ['the capture cut this connection', 'second'],
  };
  assertSame(roundTrip([rec, rec], 1), [rec, rec], 'hand-made');
  // More distinct strings than the shared table holds: the rest travel inline.
  const many = Array.from({ length: 70_000 }, (_, i): ConnectionRecord => ({
    ...rec, id: i, client: { ...rec.client, address: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}` }, notes: [`note ${i % 100}`],
  }));
  assertSame(roundTrip(many, 2), many, 'many strings');
});
