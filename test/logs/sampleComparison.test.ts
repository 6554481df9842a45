/**
 * Every sample capture with every log written for it (samples/logs/, rendered from hand-written
 * scenarios by an independent generator, see samples/logs/README.md), read through the real
 * readers and compared with the reconstruction under the default options:
 * - every subject the log names is tied to a socket;
 * - the clock is estimated and its zone is the scenario's (`zone`), within the latencies;
 * - the only verdicts other than `matched` are the four deliberate differences of the README,
 *   each found in the program log it was put in, and nowhere else.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConnectionsCollector } from '../../analyzer/connections/connectionsCollector';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { readLogFile } from '../../analyzer/io/readLogFile';
import { analyzeLogs } from '../../analyzer/logs/logAnalysis';
import { DEFAULT_OPTIONS } from '../../analyzer/replay/options';
import { replayConnections } from '../../analyzer/replay/replay';
import type { SocketTimeline } from '../../analyzer/replay/timeline';

const DIR = 'samples/logs';

async function timelines(capture: string): Promise<SocketTimeline[]> {
  const c = new ConnectionsCollector(null);
  await readCaptureFile(capture, { iface: (i) => c.iface(i), packet: (p) => c.packet(p), warning: () => undefined });
  const res = c.result();
  return [...replayConnections(res.connections, (r) => res.local.decide(r), DEFAULT_OPTIONS).sockets];
}

/** The four deliberate differences (samples/logs/README.md), as `stem: verdict event`. */
const DELIBERATE: Record<string, string[]> = {
  'reset-abort': ['error FD_CLOSE'],
  'graceful-close': ['missing FD_CLOSE'],
  'http-keepalive': ['extra FD_READ'],
  'half-close': ['late FD_READ'],
};

function zoneNs(zone: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zone)!;
  return (m[1] === '-' ? 1 : -1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) * 1e9;
}

const stems = readdirSync(DIR).filter((f) => f.endsWith('.scenario.json')).map((f) => f.replace(/\.scenario\.json$/, ''));

describe('sample logs against their captures', () => {
  it('there is a scenario for each of the 13 samples', () => assert.equal(stems.length, 13));

  for (const stem of stems) {
    it(`${stem}: every format ties, aligns and agrees (but for the deliberate differences)`, async () => {
      const scenario = JSON.parse(readFileSync(`${DIR}/${stem}.scenario.json`, 'utf8')) as { capture: string; zone: string };
      const tl = await timelines(`samples/${scenario.capture}`);
      const files = readdirSync(DIR).filter((f) => f.startsWith(`${stem}.`) && !f.endsWith('.scenario.json') && !f.includes('.skewed.') && !f.includes('.wrongzone.') && !f.includes('.nodate.'));
      assert.ok(files.length >= 6, `${stem}: ${files.join(', ')}`);
      for (const f of files) {
        const log = await readLogFile(`${DIR}/${f}`);
        assert.equal(log.problemCount, 0, `${f}: ${JSON.stringify(log.problems.slice(0, 3))}`);
        const r = analyzeLogs([log], tl);
        const result = r.logs[0]!;
        const untied = result.subjects.filter((s) => s.tie === null);
        assert.deepEqual(untied.map((s) => `${s.key}: ${s.untied}`), [], f);
        assert.equal(result.clock.how, 'estimated', `${f}: ${result.clock.summary}`);
        // The zone (local logs) or nothing (logs that state their zone): the rest is latency,
        // or whole seconds lost to a culture date format.
        const expected = log.records.some((x) => x.time?.zone === 'local' || x.time?.zone === 'time-only') ? zoneNs(scenario.zone) : 0;
        const days = Math.round((result.clock.offsetNs - expected) / 86_400e9) * 86_400e9;
        const off = Math.abs(result.clock.offsetNs - expected - days);
        assert.ok(off < (log.format === 'winevent-csv' ? 1e9 : 2e6), `${f}: offset ${result.clock.offsetNs} vs zone ${scenario.zone}`);
        const found: string[] = [];
        for (const v of r.bySocket.values()) for (const c of v.comparisons) if (c.verdict !== 'matched') found.push(`${c.verdict} ${c.event}`);
        const want = f.endsWith('.program.log') ? DELIBERATE[stem] ?? [] : [];
        assert.deepEqual(found, want, `${f}: ${[...r.bySocket.values()].flatMap((v) => v.comparisons.filter((c) => c.verdict !== 'matched').map((c) => c.reason)).join(' | ')}`);
        const matched = [...r.bySocket.values()].reduce((n, v) => n + v.comparisons.filter((c) => c.verdict === 'matched').length, 0);
        assert.ok(matched > 0, `${f}: nothing matched`);
      }
    });
  }

  it('the clock variants of reset-abort: 40 ms behind, an hour off, no dates', async () => {
    const tl = await timelines('samples/reset-abort.pcapng');
    const clock = async (f: string) => analyzeLogs([await readLogFile(`${DIR}/${f}`)], tl).logs[0]!.clock;
    const skewed = await clock('reset-abort.skewed.netsh.txt');
    assert.match(skewed.summary, /local zone is UTC\+05:30; beyond that the clocks differ by \+0\.0399/);
    const wrong = await clock('reset-abort.wrongzone.netsh.txt');
    // netsh writes no zone: an hour off is read as another zone, which is what the user checks.
    assert.match(wrong.summary, /local zone is UTC\+06:30; beyond that the clocks differ by -0\.0000/);
    const nodate = await clock('reset-abort.nodate.pktmon.txt');
    assert.match(nodate.summary, /no dates.*UTC\+05:30/);
  });
});
