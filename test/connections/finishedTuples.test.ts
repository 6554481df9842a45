import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FinishedTuples } from '../../analyzer/connections/finishedTuples';
import { FlowSlot, FlowTable, Tuple } from '../../analyzer/connections/flowTable';
import { prng } from '../capture/harness';

/** A TCP or UDP tuple between two of a few hosts, IPv4 or IPv6, from one random number source. */
function randomTuple(rnd: () => number): Tuple {
  const t = new Tuple();
  const pick = (n: number): number => Math.floor(rnd() * n);
  t.protocol = rnd() < 0.5 ? 6 : 17;
  t.version = rnd() < 0.8 ? 4 : 6;
  const word = (): number => [0, 1, -1, 0x7fffffff, -0x80000000, 0x0a000001][pick(6)]!;
  t.s0 = word(); t.d0 = word();
  if (t.version === 6) {
    t.s1 = word(); t.s2 = word(); t.s3 = word();
    t.d1 = word(); t.d2 = word(); t.d3 = word();
  }
  t.sport = [80, 443, 50000, 65535][pick(4)]!;
  t.dport = [80, 443, 50000, 65535][pick(4)]!;
  return t;
}

function reversed(t: Tuple): Tuple {
  const r = new Tuple();
  Object.assign(r, t);
  r.s0 = t.d0; r.s1 = t.d1; r.s2 = t.d2; r.s3 = t.d3; r.sport = t.dport;
  r.d0 = t.s0; r.d1 = t.s1; r.d2 = t.s2; r.d3 = t.s3; r.dport = t.sport;
  return r;
}

/** The rule the ring must keep: remembered in the order added, forgotten from the oldest while due. */
class Model {
  private entries: { t: Tuple; hash: number; until: number }[] = [];

  add(t: Tuple, hash: number, until: number): void {
    this.entries.push({ t, hash, until });
  }

  expire(now: number): void {
    while (this.entries.length > 0 && this.entries[0]!.until < now) this.entries.shift();
  }

  oldestUntil(t: Tuple, hash: number): number {
    const key = (x: Tuple): string => [x.protocol, x.version, x.s0, x.s1, x.s2, x.s3, x.sport, x.d0, x.d1, x.d2, x.d3, x.dport].join();
    const mine = [key(t), key(reversed(t))];
    const e = this.entries.find((x) => x.hash === hash && mine.includes(key(x.t)));
    return e === undefined ? Number.NEGATIVE_INFINITY : e.until;
  }

  get size(): number {
    return this.entries.length;
  }
}

test('FinishedTuples keeps what a plain list keeps, through growth and wrapping', () => {
  for (const seed of [1, 2, 3]) {
    const rnd = prng(seed);
    const ring = new FinishedTuples();
    const model = new Model();
    const tuples = Array.from({ length: 300 }, () => randomTuple(rnd));
    // Few distinct hashes, so that unrelated tuples share buckets and chains.
    const hashOf = (t: Tuple): number => (rnd() < 0.5 ? t.hash() : t.hash() & 7);
    const hashes = new Map(tuples.map((t) => [t, hashOf(t)]));
    let now = 0;
    for (let i = 0; i < 20000; i++) {
      const t = tuples[Math.floor(rnd() * tuples.length)]!;
      const hash = hashes.get(t)!;
      const r = rnd();
      if (r < 0.5) {
        // Mostly in time order, as capture times are, but not always.
        const until = now + Math.floor(rnd() * 50) - (rnd() < 0.1 ? 40 : 0);
        ring.add(new FlowSlot(hash, rnd() < 0.5 ? t : reversed(t), true, null), until);
        model.add(t, hash, until);
      } else if (r < 0.7) {
        now += Math.floor(rnd() * (i > 10000 ? 3 : 1));
        ring.expire(now);
        model.expire(now);
      } else {
        const probe = rnd() < 0.5 ? t : reversed(t);
        assert.equal(ring.oldestUntil(probe, hash), model.oldestUntil(probe, hash), `seed ${seed}, step ${i}`);
      }
      assert.equal(ring.size, model.size, `seed ${seed}, step ${i}`);
    }
  }
});

test('FlowTable: thousands of live slots (the buckets grow), found either way round, then finished', () => {
  const rnd = prng(5);
  const table = new FlowTable<number>();
  const tuples: Tuple[] = [];
  for (let i = 0; i < 5000; i++) {
    const t = new Tuple();
    t.protocol = 6; t.version = 4;
    t.s0 = 0x0a000000 + i; t.d0 = -0x3ffffff0 + (i % 7);
    t.sport = 1024 + Math.floor(rnd() * 60000); t.dport = 443;
    tuples.push(t);
    table.add(t, t.hash(), true, i);
  }
  const findBothWays = (live: (i: number) => boolean): void => {
    tuples.forEach((t, i) => {
      if (!live(i)) return;
      assert.equal(table.find(t, t.hash())?.value, i);
      assert.equal(table.senderIsClient, true);
      const r = reversed(t);
      assert.equal(table.find(r, r.hash())?.value, i);
      assert.equal(table.senderIsClient, false);
    });
  };
  findBothWays(() => true);
  tuples.forEach((t, i) => {
    if (i % 2 === 0) table.finish(table.find(t, t.hash())!, 100 + i);
  });
  tuples.forEach((t, i) => {
    const found = table.find(t, t.hash());
    if (i % 2 === 0) {
      assert.equal(found, null);
      assert.equal(table.finishedUntil, 100 + i);
    } else {
      assert.equal(found?.value, i);
      assert.equal(table.finishedUntil, Number.NEGATIVE_INFINITY);
    }
  });
  findBothWays((i) => i % 2 === 1);
});
