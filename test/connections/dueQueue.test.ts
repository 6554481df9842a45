import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DueQueue } from '../../analyzer/connections/dueQueue';
import { prng } from '../capture/harness';

test('DueQueue gives its values back smallest key first, however pushes and pops interleave', () => {
  for (const seed of [1, 2, 3]) {
    const rnd = prng(seed);
    const q = new DueQueue<{ key: number; n: number }>();
    const model: number[] = [];
    for (let n = 0; n < 5000; n++) {
      if (model.length === 0 || rnd() < 0.6) {
        // Repeated keys too: capture times often tie.
        const key = Math.floor(rnd() * 100) / 4;
        q.push(key, { key, n });
        model.push(key);
        model.sort((a, b) => a - b);
      } else {
        assert.equal(q.peekKey(), model[0], `seed ${seed}, step ${n}`);
        assert.equal(q.pop().key, model.shift(), `seed ${seed}, step ${n}`);
      }
      assert.equal(q.size, model.length);
    }
  }
});

test('retain drops what it is told to and keeps the rest in order', () => {
  const rnd = prng(4);
  const q = new DueQueue<number>();
  const kept: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const key = Math.floor(rnd() * 1000);
    q.push(key, key);
    if (key % 3 !== 0) kept.push(key);
  }
  q.retain((v) => v % 3 !== 0);
  kept.sort((a, b) => a - b);
  assert.equal(q.size, kept.length);
  for (const k of kept) assert.equal(q.pop(), k);
  q.retain(() => false);
  assert.equal(q.size, 0);
});
