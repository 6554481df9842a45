/**
 * socketJson writes a socket's JSON without building its view: it must be byte for byte
 * JSON.stringify(socketView(t)), on every shipped capture under every profile, API and
 * application model (listeners, UDP, errors, messages with lParam, divergences), and on messy
 * random traffic.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PacketRecord } from '../../analyzer/capture/types';
import { ConnectionsCollector } from '../../analyzer/connections/connectionsCollector';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { socketView } from '../../analyzer/replay/analyzeView';
import { APP_MODEL_NAMES, DEFAULT_MASK, type ReplayOptions } from '../../analyzer/replay/options';
import { replaySockets } from '../../analyzer/replay/replay';
import { socketJson } from '../../analyzer/replay/socketJson';
import { planSockets } from '../../analyzer/replay/socketPlan';
import { captureFiles } from '../capture/fixtures';
import { randomTraffic } from '../connections/randomTraffic';

const ALL_OPTIONS: ReplayOptions[] = [];
for (const profile of ['windows', 'documented'] as const) {
  for (const api of ['WSAEventSelect', 'WSAAsyncSelect'] as const) {
    for (const app of APP_MODEL_NAMES) ALL_OPTIONS.push({ profile, api, mask: DEFAULT_MASK, app });
  }
}

/** Checks every socket of the capture; returns how many there were. */
async function check(name: string, feed: (c: ConnectionsCollector) => Promise<void> | void, local: string[] | null = null): Promise<number> {
  let n = 0;
  for (const options of ALL_OPTIONS) {
    const c = new ConnectionsCollector(local, { windowEvidence: options.app === 'window' });
    await feed(c);
    const res = c.result();
    const plan = planSockets(res.connections, (r) => res.local.decide(r));
    for (const t of replaySockets(plan.sockets, options)) {
      assert.equal(socketJson(t), JSON.stringify(socketView(t)), `${name} ${JSON.stringify(options)} socket ${t.socket.id}`);
      n++;
    }
  }
  return n;
}

test('socketJson is JSON.stringify(socketView) on every shipped capture', async () => {
  let n = 0;
  for (const path of captureFiles()) {
    n += await check(path, async (c) => {
      await readCaptureFile(path, { iface: (i) => c.iface(i), packet: (p) => c.packet(p), warning: () => undefined }, { reuseRecords: true });
    });
  }
  assert.ok(n > 500, `only ${n} sockets`);
});

test('socketJson is JSON.stringify(socketView) on messy random traffic', async () => {
  const packets: PacketRecord[] = randomTraffic(5, 3000);
  const n = await check('random', (c) => {
    for (const p of packets) c.packet(p);
  }, ['10.0.0.1', '10.0.0.2']);
  assert.ok(n > 500, `only ${n} sockets`);
});
