/**
 * Micro-benchmark of `decodePacket` on synthetic Ethernet/IPv4/TCP traffic.
 *
 *   node --import tsx test/bench/decodeBench.ts [packets]
 *
 * Frames are laid out back to back in one big buffer, as a capture reader would see them:
 * two 1514-byte data segments per 66-byte pure ACK, every segment with the timestamps option
 * (what Linux and macOS send by default). The subarray per frame is counted, since the reader
 * must create it too; the cost of the subarray alone is printed for reference.
 */
import { decodePacket } from '../../analyzer/decode';
import { ipv4TcpFrame } from '../helpers/captureBuilder';

const count = Number(process.argv[2] ?? 1_000_000);
const DATA_LEN = 1514;
const ACK_LEN = 66;

const PAYLOAD = new Uint8Array(DATA_LEN - 66).fill(0x61);

function frame(buf: Uint8Array, at: number, seq: number, ack: number, data: boolean, ts: number, fromClient: boolean): void {
  // NOP NOP TS(10): TSval and TSecr
  const options = new Uint8Array([1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0]);
  new DataView(options.buffer).setUint32(4, ts >>> 0);
  new DataView(options.buffer).setUint32(8, (ts - 7) >>> 0);
  const [client, server] = ['192.168.1.10', '203.0.113.80'];
  buf.set(ipv4TcpFrame({
    src: fromClient ? client : server, dst: fromClient ? server : client,
    sport: fromClient ? 51514 : 443, dport: fromClient ? 443 : 51514,
    seq, ack, flags: data ? 'PA' : 'A', win: 501, ipId: seq & 0xff, tcpOptions: options,
    ...(data ? { payload: PAYLOAD } : {}),
  }), at);
}

const totalBytes = Math.ceil(count / 3) * (2 * DATA_LEN + ACK_LEN);
const buf = new Uint8Array(totalBytes);
const offsets = new Int32Array(count + 1);
let pos = 0;
let seq = 0xf0000000;
let ts = 0x9abcdef0;
for (let i = 0; i < count; i++) {
  const isAck = i % 3 === 2;
  const len = isAck ? ACK_LEN : DATA_LEN;
  offsets[i] = pos;
  frame(buf, pos, isAck ? 0x12345678 : seq, isAck ? seq : 0x12345678, !isAck, ts, !isAck);
  if (!isAck) seq = (seq + 1448) >>> 0;
  ts = (ts + 1) >>> 0;
  pos += len;
}
offsets[count] = pos;
const bytes = pos;

function runDecode(): number {
  let acc = 0;
  for (let i = 0; i < count; i++) {
    const start = offsets[i];
    const end = offsets[i + 1];
    const p = decodePacket(1, buf.subarray(start, end), end - start);
    const t = p.tcp;
    if (t !== null) acc = (acc + t.seq + t.payloadLength + t.tsVal) >>> 0;
  }
  return acc;
}

function runSubarrayOnly(): number {
  let acc = 0;
  for (let i = 0; i < count; i++) {
    const v = buf.subarray(offsets[i], offsets[i + 1]);
    acc = (acc + v[47]) >>> 0;
  }
  return acc;
}

function time(fn: () => number): { ns: number; acc: number } {
  const t0 = process.hrtime.bigint();
  const acc = fn();
  return { ns: Number(process.hrtime.bigint() - t0), acc };
}

// Warm up so TurboFan has optimised the decoder before anything is timed.
time(runDecode);
time(runSubarrayOnly);

const rounds = 5;
let best = Infinity;
let bestSub = Infinity;
let check = 0;
for (let r = 0; r < rounds; r++) {
  const d = time(runDecode);
  const s = time(runSubarrayOnly);
  best = Math.min(best, d.ns);
  bestSub = Math.min(bestSub, s.ns);
  check ^= d.acc ^ s.acc;
}

const mb = bytes / 1e6;
console.log(`frames: ${count} (${mb.toFixed(1)} MB, ${(bytes / count).toFixed(0)} bytes/frame avg)`);
console.log(`subarray + decodePacket: ${(best / count).toFixed(1)} ns/packet, ${(mb / (best / 1e9)).toFixed(0)} MB/s  (best of ${rounds})`);
console.log(`subarray alone:          ${(bestSub / count).toFixed(1)} ns/packet`);
console.log(`decode alone (approx.):  ${((best - bestSub) / count).toFixed(1)} ns/packet`);
console.log(`(checksum ${check >>> 0})`);
