import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Happening } from '../../analyzer/connections/happenings';
import type { ConnectionRecord } from '../../analyzer/connections/record';
import { ROOT } from '../capture/fixtures';
import { connectionsOf } from './helpers';

/*
 * Every capture with a hand-written expectation (test/connections/expected/, written from what the
 * programs did, see its README) must give exactly those connections and happenings.
 */

interface ExpectedConnection {
  protocol: string;
  client: string;
  server: string;
  partial?: boolean;
  reusedPort?: boolean;
  connState?: string;
  history?: string;
  happenings: Record<string, unknown>[];
}

interface Expected {
  capture: string;
  about: string;
  local?: string[];
  connections: ExpectedConnection[];
}

const DIR = join(ROOT, 'test', 'connections', 'expected');

function endText(r: ConnectionRecord, which: 'client' | 'server'): string {
  const e = r[which];
  return r.ipVersion === 6 ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** One happening as a line, showing only `fields` (the ones the expectation states). */
function line(h: Record<string, unknown>, fields: readonly string[]): string {
  const parts = [`#${String(h['frame'])}`, String(h['at']), String(h['kind'])];
  for (const f of fields) {
    if (f === 'frame' || f === 'at' || f === 'kind') continue;
    let v = h[f];
    if (f === 'icmp' && v !== undefined && v !== null) {
      const i = v as Record<string, unknown>;
      v = { type: i['type'], code: i['code'] };
    }
    parts.push(`${f}=${JSON.stringify(v)}`);
  }
  return parts.join(' ');
}

function compareHappenings(actual: readonly Happening[], expected: readonly Record<string, unknown>[]): void {
  const n = Math.max(actual.length, expected.length);
  const a: string[] = [];
  const e: string[] = [];
  for (let i = 0; i < n; i++) {
    const fields = expected[i] !== undefined ? Object.keys(expected[i]!) : ['kind', 'at', 'frame'];
    if (actual[i] !== undefined) a.push(line(actual[i] as unknown as Record<string, unknown>, fields));
    if (expected[i] !== undefined) e.push(line(expected[i]!, fields));
  }
  assert.deepEqual(a, e);
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

test('there are expectations for the samples and the crafted fixtures', () => {
  assert.ok(files.length >= 10, `only ${files.length} expectation files`);
});

for (const f of files) {
  const exp = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Expected;
  test(`${exp.capture}: ${exp.about}`, async () => {
    const result = await connectionsOf(join(ROOT, exp.capture));
    const got = result.connections;
    assert.deepEqual(
      got.map((r) => `${r.protocol} ${endText(r, 'client')} → ${endText(r, 'server')}`),
      exp.connections.map((c) => `${c.protocol} ${c.client} → ${c.server}`),
      'connections (in order of first frame)',
    );
    exp.connections.forEach((ec, i) => {
      const r = got[i]!;
      const what = `connection ${i + 1} (${ec.client} → ${ec.server})`;
      if (ec.partial !== undefined) assert.equal(r.partial, ec.partial, `${what}: partial`);
      if (ec.reusedPort !== undefined) assert.equal(r.reusedPort, ec.reusedPort, `${what}: reusedPort`);
      if (ec.connState !== undefined) assert.equal(r.zeek.connState, ec.connState, `${what}: conn_state`);
      if (ec.history !== undefined) assert.equal(r.zeek.history, ec.history, `${what}: history`);
      compareHappenings(r.happenings, ec.happenings);
    });
    if (exp.local !== undefined) {
      const decided = new Set<string>();
      for (const r of got) {
        const d = result.local.decide(r);
        if (d.client) decided.add(r.client.address);
        if (d.server) decided.add(r.server.address);
      }
      assert.deepEqual([...decided].sort(), [...exp.local].sort(), 'local addresses decided from the capture');
    }
  });
}
