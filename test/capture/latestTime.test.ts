import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatestTime } from '../../analyzer/capture/latestTime';

test('LatestTime: none before the first packet, then the last time noted, made once and never changed later', () => {
  const t = new LatestTime();
  assert.equal(t.timestamp(), null);
  t.note(1700000000, 999999, 1e6);
  const first = t.timestamp();
  assert.deepStrictEqual(first, { sec: 1700000000, frac: 999999, unitsPerSec: 1e6 });
  assert.equal(t.timestamp(), first, 'asked again: the same object');
  t.note(1700000001, 5, 1e9);
  assert.deepStrictEqual(t.timestamp(), { sec: 1700000001, frac: 5, unitsPerSec: 1e9 });
  // A Timestamp handed out is someone's to keep: a later packet does not change it.
  assert.deepStrictEqual(first, { sec: 1700000000, frac: 999999, unitsPerSec: 1e6 });
  t.note(0, 0, 1);
  assert.deepStrictEqual(t.timestamp(), { sec: 0, frac: 0, unitsPerSec: 1 }, 'the epoch itself is a time');
});
