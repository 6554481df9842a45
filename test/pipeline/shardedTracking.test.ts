import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oneTracker, samplesAndFixtures, threadEvents } from './oneTracker';
import { shardOf, type TrackerOptions } from '../../analyzer/connections/connectionTracker';
import { trackConnectionsInShards } from '../../analyzer/io/shardedTracking';
import { FirstFrameNumbering } from '../../analyzer/pipeline/shardMerge';
import { randomTraffic } from '../connections/randomTraffic';
import { ipv4TcpFrame, pcapFile, PcapngWriter } from '../helpers/captureBuilder';
import { decodePacket } from '../../analyzer/decode/decodePacket';
import { Tuple } from '../../analyzer/connections/flowTable';

/*
 * A capture split between several trackers must hand on exactly what one tracker does: the same
 * records, numbered alike, in the same order, between the same interfaces and warnings.
 */

const ROOT = join(__dirname, '..', '..');

function inShards(path: string, opts: TrackerOptions, chunkSize: number, shards: number): Promise<string[]> {
  return threadEvents(path, (sink, onProgress) => trackConnectionsInShards(path, sink, { tracker: opts, chunkSize, shards, onProgress }));
}

test('two and three shards hand on what one tracker does, in the same order, on every sample and fixture', async () => {
  let n = 0;
  for (const path of samplesAndFixtures()) {
    // Small chunks (every other capture): interfaces, warnings and records of many chunks interleave.
    const even = n++ % 2 === 0;
    const opts: TrackerOptions = even ? {} : { windowEvidence: true };
    const chunk = even ? 4096 : 1 << 20;
    const expected = await oneTracker(path, opts, chunk);
    for (const shards of [2, 3]) assert.deepStrictEqual(await inShards(path, opts, chunk, shards), expected, `${path} ${chunk} ${shards} shards`);
  }
});

test('shards agree with one tracker on messy traffic: reused 4-tuples, long silences, RSTs, and connections let go mid-chunk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'winsock-replay-shards-'));
  try {
    const packets = randomTraffic(11, 6000);
    const path = join(dir, 'random.pcap');
    writeFileSync(path, pcapFile({ packets: packets.map((p) => ({ sec: p.ts.sec, frac: p.ts.frac, data: p.data })) }));
    for (const [chunk, shards] of [[2048, 2], [1 << 16, 3], [1 << 20, 4]] as const) {
      const expected = await oneTracker(path, {}, chunk);
      assert.ok(expected.filter((e) => e.startsWith('connection')).length > 200, 'too few connections to test');
      assert.deepStrictEqual(await inShards(path, {}, chunk, shards), expected, `${chunk} ${shards} shards`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The shard of two that a client port's connection to 10.0.0.2:80 goes to. */
function shardOfPort(port: number): number {
  const d = decodePacket(1, ipv4TcpFrame({ src: '10.0.0.1', dst: '10.0.0.2', sport: port, dport: 80, seq: 1, flags: 'S' }), 0);
  return shardOf(new Tuple().fill(d.ip!, 6, port, 80).hash(), 2);
}

test('the merge keeps one tracker\'s order where shards hand on at one frame: the SYN that reuses a 4-tuple, then the sweep, then an interface', async () => {
  // A: closed at once, so the sweep at frame 9 lets it go. B: another shard's, closed too, its
  // 4-tuple reused by a SYN at frame 9: one tracker lets B go while handling that SYN, before
  // the sweep (and before A, which started earlier); the interface block after frame 9 comes last.
  const a = 40000;
  let b = 40001;
  while (shardOfPort(b) === shardOfPort(a)) b++;
  const w = new PcapngWriter().shb().idb(1);
  let frame = 0;
  const send = (sec: number, port: number, fromClient: boolean, flags: string, seq: number, ack: number): void => {
    frame++;
    const data = ipv4TcpFrame({
      src: fromClient ? '10.0.0.1' : '10.0.0.2', dst: fromClient ? '10.0.0.2' : '10.0.0.1',
      sport: fromClient ? port : 80, dport: fromClient ? 80 : port, seq, ack, flags,
    });
    const us = Math.round(sec * 1e6);
    w.epb(0, Math.floor(us / 2 ** 32), us % 2 ** 32, data);
  };
  for (const [port, t] of [[a, 0], [b, 0.5]] as const) {
    send(t, port, true, 'S', 100, 0);
    send(t + 0.01, port, false, 'SA', 500, 101);
    send(t + 0.02, port, true, 'A', 101, 501);
    send(t + 0.03, port, true, 'FA', 101, 501);
    send(t + 0.04, port, false, 'FA', 501, 102);
  }
  send(10, b, true, 'S', 9000, 0);
  assert.equal(frame, 11);
  w.idb(101);
  send(10.01, b, false, 'SA', 700, 9001);
  const dir = mkdtempSync(join(tmpdir(), 'winsock-replay-shards-'));
  try {
    const path = join(dir, 'ties.pcapng');
    writeFileSync(path, w.bytes());
    const expected = await oneTracker(path, {}, 1 << 20);
    const order = expected.filter((e) => /^(connection|iface)/.test(e)).map((e) => e.startsWith('iface') ? e : `connection ${JSON.parse(e.slice(11)).clientPort ?? JSON.parse(e.slice(11)).client.port}`);
    assert.deepStrictEqual(order, ['iface 0 1 ', `connection ${b}`, `connection ${a}`, 'iface 1 101 ', `connection ${b}`]);
    assert.deepStrictEqual(await inShards(path, {}, 1 << 20, 2), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('shardOf deals flows out to every shard, and evenly', () => {
  for (const count of [2, 3, 4]) {
    const seen = new Array<number>(count).fill(0);
    for (let h = 0; h < 30000; h++) seen[shardOf(Math.imul(h, 0x9e3779b1), count)]!++;
    for (const n of seen) assert.ok(Math.abs(n - 30000 / count) < 30000 / count / 10, `${count} shards: ${seen.join(', ')}`);
  }
});

test('connections are numbered by first frame, also after old first frames are forgotten', () => {
  const n = new FirstFrameNumbering();
  n.add([3, 7, 9]);
  assert.equal(n.id(7), 2);
  n.forgetBefore(7);
  n.add([12]);
  assert.equal(n.id(7), 2);
  assert.equal(n.id(12), 4);
  assert.throws(() => n.id(3), /no connection started at frame 3/);
  assert.throws(() => n.id(8), /no connection started at frame 8/);
});

test('a file that cannot be read, a sink that throws and an abort each fail the promise', async () => {
  await assert.rejects(trackConnectionsInShards(join(ROOT, 'no-such-capture.pcap'), { connection: () => undefined }, { shards: 2 }), /ENOENT/);
  const sample = join(ROOT, 'samples', 'http-keepalive.pcapng');
  await assert.rejects(trackConnectionsInShards(sample, { connection: () => { throw new Error('sink failed'); } }, { shards: 2 }), /sink failed/);
  await assert.rejects(trackConnectionsInShards(sample, { connection: () => undefined }, { shards: 2, afterChunk: () => Promise.reject(new Error('output closed')) }), /output closed/);
  assert.throws(() => trackConnectionsInShards(sample, { connection: () => undefined }, { shards: 1 }), /at least 2/);
  const ac = new AbortController();
  const p = trackConnectionsInShards(sample, { connection: () => undefined }, { shards: 2, signal: ac.signal });
  ac.abort(new Error('stop'));
  await assert.rejects(p, /stop/);
});
