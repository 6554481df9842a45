import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodePacket,
  formatIp,
  parseIpv4Options,
  parseTcpOptions,
  tcpFlagLetters,
  verifyIpv4Checksum,
  verifyTransportChecksum,
} from '../../analyzer/decode';
import type { DecodedPacket, IpHeader, TcpHeader } from '../../analyzer/decode';
import { Tuple } from '../../analyzer/connections/flowTable';
import { hex } from './helpers';

/** xorshift32: deterministic, so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 147, 65535];

const SEEDS: [number, Uint8Array][] = [
  [1, hex(`001122334455 66778899aabb 0800 4500003c 00004000 40060000 c0a80001 c0a80002
           c3500050 deadbeef 00000000 a002faf0 00000000 020405b4 0402080a 0001e240 00000000 01030307`)],
  [1, hex(`001122334455 66778899aabb 88a8 0001 8100 0002 86dd 60000000 003c 00 40
           20010db8000000000000000000000001 20010db8000000000000000000000002
           2b000104 00000000 3c020000 00000000 20010db8000000000000000000000003 2c000001 12345678
           0016c000 00000010 00000020 5012ffff 12340000`)],
  [113, hex(`0000 0001 0006 0a0b0c0d0e0f0000 0800 46000028 00010000 40110000 0a000001 0a000002 94040000
             d66d0035 0010 0000 0102030405060708`)],
  [276, hex(`86dd 0000 00000002 0001 00 06 0a0b0c0d0e0f0000 60000000 0040 3a 40
             20010db8000000000000000000000002 20010db8000000000000000000000001
             02000000 00000500 60000000 05c8 06 40
             20010db8000000000000000000000001 20010db8000000000000000000000002
             01bbc350 00000064 000000c8 70180100 00000000 0101050a 00000001`)],
  [0, hex(`02000000 45000038 00000000 40010000 0a000001 0a000002 0b000000 00070000
           4500003c 00010000 01110000 0a000001 08080808 8235829b 00280000`)],
  [108, hex(`0000001e 60000000 0010 2c 40 00000000000000000000000000000001 00000000000000000000000000000002
             06000001 00000001 00500051 00000001`)],
  [101, hex('47000030 00012000 40060000 0a000001 0a000002 01070704 00000000 00010002 00000001 00000002 50100000 00000000')],
  [12, hex('60000000 0008 11 40 00000000000000000000000000000001 00000000000000000000000000000002 00350035 00080000')],
  [14, hex('45000024 00000000 40110000 0a000001 0a000002 00350035 00100000 0102030405060708')],
  [228, hex('45000000 00000000 80060000 0a000001 0a000002 00010002 00000001 00000002 50180000 00000000 61626364')],
  [229, hex('60000000 000c 3a 40 00000000000000000000000000000001 00000000000000000000000000000002 80000000 00010002 61626364')],
];

/** Touches every field a consumer might, so a bad offset shows up as an exception here. */
function exercise(p: DecodedPacket): void {
  const cap = p.capturedLength;
  assert.equal(cap, p.data.length);
  assert.ok(p.link.headerLength >= 0 && p.link.headerLength <= cap);
  if (p.problems !== null) for (const x of p.problems) assert.equal(typeof x.message, 'string');
  if (p.ip !== null) checkIp(p.ip, cap);
  if (p.tcp !== null) checkTcp(p.data, p.tcp, cap);
  if (p.udp !== null) assert.ok(p.udp.payloadLength === 0 || p.udp.payloadOffset + p.udp.payloadLength <= cap);
  if (p.icmp !== null) {
    assert.ok(p.icmp.payloadOffset + p.icmp.payloadLength <= cap);
    const q = p.icmp.quote;
    if (q !== null) {
      if (q.ip !== null) checkIp(q.ip, cap);
      if (q.tcp !== null) checkTcp(p.data, q.tcp, cap);
      if (q.ip !== null && q.srcPort >= 0) TUPLE.fill(q.ip, q.protocol, q.srcPort, q.dstPort).hash();
    }
  }
  if (p.ip !== null && p.tcp !== null) TUPLE.fill(p.ip, 6, p.tcp.srcPort, p.tcp.dstPort).hash();
  verifyTransportChecksum(p);
}

/** Tuple extraction must not throw on any decoded header, however garbled. */
const TUPLE = new Tuple();

function checkIp(ip: IpHeader, cap: number): void {
  assert.ok(ip.payloadLength >= 0 && ip.payloadWireLength >= ip.payloadLength);
  assert.ok(ip.payloadLength === 0 || ip.payloadOffset + ip.payloadLength <= cap);
  assert.ok(ip.dstOffset + (ip.version === 4 ? 4 : 16) <= cap);
  formatIp(ip, 'src');
  formatIp(ip, 'dst');
  if (ip.version === 4) {
    assert.ok(ip.optionsOffset + ip.optionsLength <= cap);
    parseIpv4Options(ip);
    verifyIpv4Checksum(ip);
  } else if (ip.extensions !== null) {
    for (const e of ip.extensions) assert.ok(e.offset + e.length <= cap);
  }
}

function checkTcp(d: Uint8Array, tcp: TcpHeader, cap: number): void {
  assert.ok(tcp.optionsLength >= 0 && tcp.optionsOffset + tcp.optionsLength <= cap);
  assert.ok(tcp.payloadLength === 0 || tcp.payloadOffset + tcp.payloadLength <= cap);
  assert.ok(tcp.seq >= 0 && tcp.seq <= 0xffffffff);
  for (const o of parseTcpOptions(d, tcp)) assert.ok(o.offset + o.length <= cap);
  tcpFlagLetters(tcp.flags);
}

test('seed frames decode without problems', () => {
  for (const [lt, f] of SEEDS) {
    const p = decodePacket(lt, f, f.length);
    assert.equal(p.problems, null, `link type ${lt}: ${JSON.stringify(p.problems)}`);
    assert.ok(p.tcp || p.udp || p.icmp || (p.ip?.isFragment ?? false), `link type ${lt}`);
    exercise(p);
  }
});

test('every truncation of every seed frame', () => {
  for (const [lt, f] of SEEDS) {
    for (let len = 0; len <= f.length; len++) {
      const p = decodePacket(lt, f.subarray(0, len), f.length);
      exercise(p);
      if (len < f.length && p.truncated === null && p.problems !== null) {
        assert.fail(`link type ${lt} cut at ${len}: problems without truncation ${JSON.stringify(p.problems)}`);
      }
    }
  }
});

test('random mutations of seed frames', () => {
  const next = rng(0x5eed);
  for (let round = 0; round < 50000; round++) {
    const [lt, seed] = SEEDS[round % SEEDS.length];
    const f = seed.slice();
    const flips = 1 + (next() % 6);
    for (let k = 0; k < flips; k++) f[next() % f.length] = next() & 0xff;
    const len = next() % 4 === 0 ? next() % (f.length + 1) : f.length;
    const wire = next() % 3 === 0 ? next() % 3000 : f.length;
    try {
      exercise(decodePacket(lt, f.subarray(0, len), wire));
    } catch (e) {
      throw new Error(`round ${round}, link type ${lt}, bytes ${Buffer.from(f.subarray(0, len)).toString('hex')}, wire ${wire}: ${String(e)}`);
    }
  }
});

test('random byte arrays for every link type', () => {
  const next = rng(12345);
  const reached = { ip: 0, transport: 0 };
  for (let round = 0; round < 50000; round++) {
    const lt = LINK_TYPES[round % LINK_TYPES.length];
    const len = next() % 120;
    const f = new Uint8Array(len);
    for (let i = 0; i < len; i++) f[i] = next() & 0xff;
    // Steer some arrays past the link layer so the IP decoders see garbage too.
    if (len > 0 && round % 2 === 0) {
      const ipAt = lt === 1 ? 14 : lt === 0 || lt === 108 ? 4 : lt === 113 ? 16 : lt === 276 ? 20 : 0;
      if (lt === 1 && len > 13) f.set(round % 4 === 0 ? [0x08, 0x00] : [0x86, 0xdd], 12);
      if ((lt === 0 || lt === 108) && len > 3) f.set(round % 4 === 0 ? [0, 0, 0, 2] : [0, 0, 0, 30], 0);
      const v4 = round % 4 === 0;
      if (ipAt < len) f[ipAt] = v4 ? 0x45 + (round % 8 === 0 ? next() % 3 : 0) : 0x60 | (f[ipAt] & 0x0f);
      const protoAt = ipAt + (v4 ? 9 : 6);
      if (protoAt < len) f[protoAt] = (v4 ? [6, 17, 1] : [6, 17, 58, 0, 44, 60])[next() % (v4 ? 3 : 6)];
    }
    const wire = next() % 2 === 0 ? len : next() % 70000;
    try {
      const p = decodePacket(lt, f, wire);
      exercise(p);
      if (p.ip !== null) reached.ip++;
      if (p.tcp !== null || p.udp !== null || p.icmp !== null) reached.transport++;
    } catch (e) {
      throw new Error(`round ${round}, link type ${lt}, bytes ${Buffer.from(f).toString('hex')}, wire ${wire}: ${String(e)}`);
    }
  }
  if (process.env.FUZZ_STATS) console.log(reached);
  // Garbage that never got past the link layer would prove little.
  assert.ok(reached.ip > 5000, `only ${reached.ip} random arrays reached IP`);
  assert.ok(reached.transport > 500, `only ${reached.transport} random arrays reached TCP/UDP/ICMP`);
});
