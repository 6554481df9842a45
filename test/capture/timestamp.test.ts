import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareTimestamps, formatSeconds, resolutionFromTsresol, ticksToTimestamp, toNanoseconds, NANOSECONDS, MICROSECONDS,
} from '../../analyzer/capture/timestamp';

/** Splits a 64-bit count into the two u32 halves a pcapng block stores. */
function halves(count: bigint): [number, number] {
  return [Number(count >> 32n), Number(count & 0xffffffffn)];
}

test('nanosecond ticks split exactly where a float would not', () => {
  // 1795277006.134737725 s: 1.795e18 ns is far beyond 2^53, so a float of ns would round.
  const [hi, lo] = halves(1795277006134737725n);
  const ts = ticksToTimestamp(hi, lo, NANOSECONDS);
  assert.deepEqual(ts, { sec: 1795277006, frac: 134737725, unitsPerSec: 1e9 });
  assert.equal(formatSeconds(ts), '1795277006.134737725');
  assert.equal(toNanoseconds(ts), 1795277006134737725n);
});

test('microsecond ticks (the pcapng default) and the largest 64-bit count', () => {
  const [hi, lo] = halves(1700000000123456n);
  assert.deepEqual(ticksToTimestamp(hi, lo, MICROSECONDS), { sec: 1700000000, frac: 123456, unitsPerSec: 1e6 });
  // 2^64 - 1 µs = 18446744073709 s and 551615 µs.
  assert.deepEqual(ticksToTimestamp(0xffffffff, 0xffffffff, MICROSECONDS), { sec: 18446744073709, frac: 551615, unitsPerSec: 1e6 });
});

test('if_tsresol: 10^-n and 2^-n', () => {
  assert.deepEqual(resolutionFromTsresol(6), { base: 10, exponent: 6, unitsPerSec: 1e6, coarsened: false });
  assert.deepEqual(resolutionFromTsresol(7).unitsPerSec, 1e7); // Windows' 100 ns ticks
  const bin = resolutionFromTsresol(0x80 | 10);
  assert.deepEqual(bin, { base: 2, exponent: 10, unitsPerSec: 1024, coarsened: false });
  // 5 s and 3/1024 s in 2^-10 units = 5*1024+3 ticks.
  const ts = ticksToTimestamp(0, 5 * 1024 + 3, bin);
  assert.deepEqual(ts, { sec: 5, frac: 3, unitsPerSec: 1024 });
  // 3/1024 s = 2929687.5 ns, rounded down.
  assert.equal(formatSeconds(ts), '5.002929687');
});

test('2^-32 resolution keeps the low word as the fraction', () => {
  const res = resolutionFromTsresol(0x80 | 32);
  assert.deepEqual(ticksToTimestamp(1234, 0x80000000, res), { sec: 1234, frac: 0x80000000, unitsPerSec: 2 ** 32 });
  assert.equal(formatSeconds(ticksToTimestamp(1234, 0x80000000, res)), '1234.500000000');
});

test('resolutions finer than can be kept exactly are coarsened and say so', () => {
  const pico = resolutionFromTsresol(12);
  assert.equal(pico.coarsened, false);
  const [hi, lo] = halves(1_000_000_000_000n * 7n + 5n);
  assert.deepEqual(ticksToTimestamp(hi, lo, pico), { sec: 7, frac: 5, unitsPerSec: 1e12 });
  const atto = resolutionFromTsresol(18);
  assert.equal(atto.coarsened, true);
  const [h2, l2] = halves(3n * 10n ** 18n + 2n * 10n ** 15n + 999n);
  // 2e15 as = 2 ms = 2e12 fs; the 999 as are below the 10^-15 s kept and are dropped.
  assert.deepEqual(ticksToTimestamp(h2, l2, atto), { sec: 3, frac: 2_000_000_000_000, unitsPerSec: 1e15 });
  const fine = resolutionFromTsresol(0x80 | 60);
  assert.equal(fine.coarsened, true);
  assert.equal(fine.unitsPerSec, 2 ** 53);
});

test('if_tsoffset adds whole seconds', () => {
  assert.deepEqual(ticksToTimestamp(0, 2_500_000, MICROSECONDS, 1000), { sec: 1002, frac: 500000, unitsPerSec: 1e6 });
});

test('comparison is exact across resolutions', () => {
  const us = { sec: 10, frac: 500000, unitsPerSec: 1e6 };
  const ns = { sec: 10, frac: 500000000, unitsPerSec: 1e9 };
  const half = { sec: 10, frac: 512, unitsPerSec: 1024 };
  assert.equal(compareTimestamps(us, ns), 0);
  assert.equal(compareTimestamps(us, half), 0);
  assert.equal(compareTimestamps({ ...ns, frac: 500000001 }, us), 1);
  assert.equal(compareTimestamps({ sec: 9, frac: 999999, unitsPerSec: 1e6 }, ns), -1);
});

test('formatSeconds: the number shortcut for decimal units writes what nanoseconds from toNanoseconds say', () => {
  // The reference: the exact nanosecond count (BigInt), split into seconds and nine digits.
  const reference = (ts: { sec: number; frac: number; unitsPerSec: number }): string => {
    const ns = toNanoseconds(ts) - BigInt(ts.sec) * 1_000_000_000n;
    return `${ts.sec}.${ns.toString().padStart(9, '0')}`;
  };
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (const unitsPerSec of [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 2, 4, 5, 8, 20, 25, 125, 512, 1024, 3, 7, 65536, 2 ** 32]) {
    for (const frac of [0, 1, unitsPerSec - 1, Math.floor(unitsPerSec / 2), next(unitsPerSec), next(unitsPerSec)]) {
      const ts = { sec: 1_700_000_000 + next(1000), frac, unitsPerSec };
      assert.equal(formatSeconds(ts), reference(ts), JSON.stringify(ts));
    }
  }
});
