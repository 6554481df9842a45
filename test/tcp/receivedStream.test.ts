import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReceivedStream } from '../../analyzer/tcp/receivedStream';
import { seqDelta, seqToOffset } from '../../analyzer/tcp/seq';

test('seqDelta is the signed 32-bit distance, across the wrap', () => {
  assert.equal(seqDelta(10, 15), 5);
  assert.equal(seqDelta(15, 10), -5);
  assert.equal(seqDelta(0xfffffff0, 0x10), 0x20);
  assert.equal(seqDelta(0x10, 0xfffffff0), -0x20);
  assert.equal(seqToOffset(0x00000005, 0xfffffffb, 1000), 1010);
});

test('in-order bytes become readable at once; repeats count once', () => {
  const s = new ReceivedStream();
  s.start(1000);
  assert.equal(s.add(s.offsetOf(1000), s.offsetOf(1100)), 100);
  assert.equal(s.add(s.offsetOf(1000), s.offsetOf(1100)), 0, 'a retransmission adds nothing');
  assert.equal(s.add(s.offsetOf(1050), s.offsetOf(1150)), 50, 'a segment half old, half new adds the new half');
  assert.equal(s.next, 150);
});

test('bytes after a hole wait until it fills, then all become readable', () => {
  const s = new ReceivedStream();
  s.start(0);
  assert.equal(s.add(100, 200), 0);
  assert.equal(s.add(300, 400), 0);
  assert.equal(s.pendingRanges, 2);
  assert.equal(s.add(200, 300), 0, 'still a hole at 0..100');
  assert.equal(s.pendingRanges, 1, 'the middle piece merges the two ranges');
  assert.equal(s.add(0, 100), 400);
  assert.equal(s.pendingRanges, 0);
});

test('overlapping out-of-order pieces merge; a piece inside a range changes nothing', () => {
  const s = new ReceivedStream();
  s.start(0);
  s.add(500, 600);
  s.add(100, 200);
  s.add(150, 550);
  assert.equal(s.pendingRanges, 1);
  s.add(120, 130);
  assert.equal(s.pendingRanges, 1);
  assert.equal(s.add(0, 100), 600);
});

test('an acknowledgment credits bytes the capture missed, and absorbs ranges behind them', () => {
  const s = new ReceivedStream();
  s.start(0);
  s.add(0, 100);
  s.add(200, 300);
  assert.equal(s.advanceTo(150), 50);
  assert.equal(s.next, 150);
  assert.equal(s.advanceTo(200), 150, 'reaching the kept range makes it readable too');
  assert.equal(s.next, 300);
  assert.equal(s.advanceTo(250), 0, 'an old acknowledgment credits nothing');
});

test('offsets keep growing past 2^32 while wire numbers wrap', () => {
  const s = new ReceivedStream();
  s.start(0xffffff00);
  let seq = 0xffffff00;
  let total = 0;
  // 5 × 1 GiB-ish steps of 2^30 bytes cross the 32-bit boundary several times.
  for (let i = 0; i < 5; i++) {
    const len = 0x40000000;
    total += s.add(s.offsetOf(seq), s.offsetOf(seq) + len);
    seq = (seq + len) >>> 0;
  }
  assert.equal(total, 5 * 0x40000000);
  assert.equal(s.offsetOf(seq), 5 * 0x40000000);
});

test('the FIN takes one sequence number once delivered', () => {
  const s = new ReceivedStream();
  s.start(0);
  s.add(0, 10);
  s.finOffset = 10;
  assert.equal(s.rcvNext, 10);
  s.finDelivered = true;
  assert.equal(s.rcvNext, 11);
});

test('too many holes: the farthest range is forgotten, and counted', () => {
  const s = new ReceivedStream();
  s.start(0);
  for (let i = 0; i < 200; i++) s.add(10 + i * 10, 15 + i * 10);
  assert.equal(s.pendingRanges, 128);
  assert.equal(s.forgottenRanges, 72);
  assert.equal(s.add(0, 10), 15, 'the nearest kept range still merges');
});
