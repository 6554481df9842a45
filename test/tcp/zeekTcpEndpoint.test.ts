import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpState, ZeekTcpEndpoint } from '../../analyzer/tcp/zeekTcpEndpoint';
import { prng } from '../capture/harness';

test('size() is sizeExact() as a number: small and huge wrap counts, uint64 underflow, FINs, half-open resets', () => {
  const rnd = prng(3);
  const states = Object.values(TcpState);
  const u32 = (): number => (rnd() < 0.2 ? [0, 1, 0x7fffffff, 0x80000000, 0xffffffff][Math.floor(rnd() * 5)]! : Math.floor(rnd() * 2 ** 32));
  const wraps = (): number => [0, 0, 1, 2, 2 ** 21 - 1, 2 ** 21, 2 ** 30][Math.floor(rnd() * 7)]!;
  let huge = 0;
  for (let i = 0; i < 20000; i++) {
    const e = new ZeekTcpEndpoint(true, true);
    const peer = new ZeekTcpEndpoint(false, false);
    e.peer = peer;
    peer.peer = e;
    e.startSeq = u32();
    e.lastSeq = u32();
    e.ackSeq = rnd() < 0.3 ? e.startSeq + (rnd() < 0.5 ? 1 : 0) : u32();
    e.seqWraps = wraps();
    e.ackWraps = wraps();
    e.finCnt = rnd() < 0.5 ? 0 : 1;
    e.state = states[Math.floor(rnd() * states.length)]!;
    e.prevState = rnd() < 0.3 ? TcpState.SYN_SENT : states[Math.floor(rnd() * states.length)]!;
    peer.state = rnd() < 0.3 ? TcpState.INACTIVE : states[Math.floor(rnd() * states.length)]!;
    const exact = e.sizeExact();
    if (exact > BigInt(Number.MAX_SAFE_INTEGER)) huge++;
    assert.equal(e.size(), Number(exact), `case ${i}`);
  }
  assert.ok(huge > 1000, 'the BigInt path was taken');
});

test('sequence fields hold every unsigned 32-bit value', () => {
  const e = new ZeekTcpEndpoint(true, true);
  for (const v of [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff]) {
    e.startSeq = v;
    e.lastSeq = v;
    e.ackSeq = v;
    assert.deepEqual([e.startSeq, e.lastSeq, e.ackSeq], [v, v, v]);
  }
});
