import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePacket } from '../../analyzer/decode';
import type { DecodedPacket } from '../../analyzer/decode/types';
import { FlowTable, Tuple } from '../../analyzer/connections/flowTable';
import { hex } from '../decode/helpers';

const IP_A = 'c0a80001'; // 192.168.0.1
const IP_B = '5db8d822'; // 93.184.216.34

function tcp4(src: string, dst: string, sport: string, dport: string): DecodedPacket {
  const f = hex(`45000028 00000000 40060000 ${src} ${dst}  ${sport} ${dport} 00000001 00000000 5002ffff 00000000`);
  return decodePacket(228, f, f.length);
}

function tupleOf(p: DecodedPacket): Tuple {
  const ip = p.ip!;
  if (p.tcp) return new Tuple().fill(ip, 6, p.tcp.srcPort, p.tcp.dstPort);
  return new Tuple().fill(ip, 17, p.udp!.srcPort, p.udp!.dstPort);
}

test('both directions of a conversation hash alike and find one slot, with the direction', () => {
  const table = new FlowTable<string>();
  const out = tupleOf(tcp4(IP_A, IP_B, 'c350', '0050'));
  const back = tupleOf(tcp4(IP_B, IP_A, '0050', 'c350'));
  assert.equal(out.hash(), back.hash());
  const slot = table.add(out, out.hash(), true, 'conn');
  assert.equal(table.find(out, out.hash()), slot);
  assert.equal(table.senderIsClient, true);
  assert.equal(table.find(back, back.hash()), slot);
  assert.equal(table.senderIsClient, false);
});

test('another port, swapped ports, or UDP on the same endpoints is another conversation', () => {
  const table = new FlowTable<string>();
  const t = tupleOf(tcp4(IP_A, IP_B, 'c350', '0050'));
  table.add(t, t.hash(), true, 'conn');
  const others = [
    tupleOf(tcp4(IP_A, IP_B, 'c351', '0050')),
    tupleOf(tcp4(IP_A, IP_B, '0050', 'c350')),
    tupleOf(decodePacket(228, hex(`45000020 00000000 40110000 ${IP_A} ${IP_B}  c350 0050 000c 0000 00000000`), 32)),
  ];
  for (const o of others) assert.equal(table.find(o, o.hash()), null);
  // Slots that collide on the hash are told apart by their addresses and ports.
  table.add(others[0]!, t.hash(), true, 'forced collision');
  assert.equal(table.find(t, t.hash())!.value, 'conn');
  assert.equal(table.find(others[0]!, t.hash())!.value, 'forced collision');
});

test('IPv6 tuples compare all 128 bits, and never equal the IPv4-mapped form', () => {
  const f = hex(`60000000 0014 06 40 20010db8000000000000000000000001 20010db8000000000000000000000002
    c350 01bb 00000001 00000000 5002ffff 00000000`);
  const g = hex(`60000000 0014 06 40 20010db8000000000000000000000002 20010db8000000000000000000000001
    01bb c350 00000001 00000002 5012ffff 00000000`);
  const h = hex(`60000000 0014 06 40 20010db8000000000000000000000001 20010db8000000000000000000000003
    c350 01bb 00000001 00000000 5002ffff 00000000`);
  const a = tupleOf(decodePacket(229, f, f.length));
  const b = tupleOf(decodePacket(229, g, g.length));
  const c = tupleOf(decodePacket(229, h, h.length));
  const table = new FlowTable<string>();
  table.add(a, a.hash(), true, 'v6');
  assert.equal(table.find(b, b.hash())?.value, 'v6');
  assert.equal(table.senderIsClient, false);
  assert.equal(table.find(c, c.hash()), null);
  const mapped = hex(`60000000 0014 06 40 00000000000000000000ffffc0a80001 00000000000000000000ffff5db8d822
    c350 0050 00000001 00000000 5002ffff 00000000`);
  const m = tupleOf(decodePacket(229, mapped, mapped.length));
  const v4 = tupleOf(tcp4(IP_A, IP_B, 'c350', '0050'));
  table.add(v4, v4.hash(), true, 'v4');
  assert.equal(table.find(m, m.hash()), null);
});

test('an ICMP error quote finds the connection of the packet it quotes, from that packet\'s sender', () => {
  const sent = tupleOf(tcp4(IP_A, IP_B, 'c350', '0050'));
  const table = new FlowTable<string>();
  table.add(sent, sent.hash(), true, 'conn');
  const err = hex(`45000038 00000000 40010000 0a000001 ${IP_A}  03 04 0000 0000 0578
    45000028 00000000 40060000 ${IP_A} ${IP_B}  c350 0050 00000001`);
  const q = decodePacket(228, err, err.length).icmp!.quote!;
  const t = new Tuple().fill(q.ip!, q.protocol, q.srcPort, q.dstPort);
  assert.equal(table.find(t, t.hash())?.value, 'conn');
  assert.equal(table.senderIsClient, true);
});

test('a finished slot is remembered until its time, then forgotten', () => {
  const table = new FlowTable<string>();
  const t = tupleOf(tcp4(IP_A, IP_B, 'c350', '0050'));
  const slot = table.add(t, t.hash(), true, 'conn');
  table.finish(slot, 100);
  assert.equal(table.find(t, t.hash()), null, 'no live slot');
  assert.equal(table.finishedUntil, 100, 'but the 4-tuple was used');
  table.expire(99);
  table.find(t, t.hash());
  assert.equal(table.finishedUntil, 100);
  table.expire(101);
  table.find(t, t.hash());
  assert.equal(table.finishedUntil, Number.NEGATIVE_INFINITY);
});
