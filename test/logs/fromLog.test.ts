/**
 * The `log` application model on the sample captures with their sample logs (samples/logs/,
 * whose README gives what each program did): the program's calls come from the log, and what
 * they imply is checked against the stories, written by hand.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConnectionsCollector } from '../../analyzer/connections/connectionsCollector';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { readLogFile } from '../../analyzer/io/readLogFile';
import { replayFromLogs } from '../../analyzer/logs/fromLog';
import { socketView } from '../../analyzer/replay/analyzeView';
import { socketJson } from '../../analyzer/replay/socketJson';
import { DEFAULT_OPTIONS, type ReplayOptions } from '../../analyzer/replay/options';
import { replayConnections } from '../../analyzer/replay/replay';
import type { SocketTimeline } from '../../analyzer/replay/timeline';
import { compact } from '../replay/harness';

const DIR = 'samples/logs';
const LOG: ReplayOptions = { ...DEFAULT_OPTIONS, app: 'log' };

async function timelines(capture: string): Promise<SocketTimeline[]> {
  const c = new ConnectionsCollector(null);
  await readCaptureFile(capture, { iface: (i) => c.iface(i), packet: (p) => c.packet(p), warning: () => undefined });
  const res = c.result();
  return [...replayConnections(res.connections, (r) => res.local.decide(r), DEFAULT_OPTIONS).sockets];
}

async function fromLog(stem: string, logFile: string): Promise<readonly SocketTimeline[]> {
  const scenario = JSON.parse(readFileSync(`${DIR}/${stem}.scenario.json`, 'utf8')) as { capture: string };
  const log = await readLogFile(`${DIR}/${logFile}`);
  return replayFromLogs(await timelines(`samples/${scenario.capture}`), [log], LOG).timelines;
}

function byRole(ts: readonly SocketTimeline[], role: string): SocketTimeline[] {
  return ts.filter((t) => t.socket.role === role);
}

const stems = readdirSync(DIR).filter((f) => f.endsWith('.scenario.json')).map((f) => f.replace(/\.scenario\.json$/, ''));
/** The ETW renderings with sub-millisecond times (each carries AFD's calls). */
const ETW = ['netsh.txt', 'pktmon.txt', 'tracerpt.xml', 'tracerpt.csv'];

describe('application model log on the samples', () => {
  for (const stem of stems) {
    it(`${stem}: every ETW rendering gives calls in an order the wire allows`, async () => {
      for (const ext of ETW) {
        const ts = await fromLog(stem, `${stem}.${ext}`);
        for (const t of ts) {
          assert.ok(t.program !== undefined, `${stem}.${ext}: socket ${t.socket.id} (${t.socket.role}) got no calls from the log`);
          assert.equal(socketJson(t), JSON.stringify(socketView(t)), `${stem}.${ext}: socket ${t.socket.id}: the streamed JSON and the view differ`);
          const bad = t.diagnosis.filter((d) => d.startsWith('the log and the wire disagree'));
          assert.deepEqual(bad, [], `${stem}.${ext}: socket ${t.socket.id} (${t.socket.role})`);
        }
      }
    });
  }

  it('reset-abort: the server never reads (its log shows no recv), so it closes with the client\'s 75 bytes unread', async () => {
    const ts = await fromLog('reset-abort', 'reset-abort.netsh.txt');
    const [acc] = byRole(ts, 'accepted');
    assert.ok(acc.diagnosis.includes('closed with 75 bytes unread'), acc.diagnosis.join('\n'));
    assert.deepEqual(acc.program, {
      fromLog: [
        { kind: 'recv', log: `${DIR}/reset-abort.netsh.txt`, calls: 0 },
        { kind: 'send', log: `${DIR}/reset-abort.netsh.txt`, calls: 1 },
        { kind: 'accept', log: `${DIR}/reset-abort.netsh.txt`, calls: 0 },
        { kind: 'closesocket', log: `${DIR}/reset-abort.netsh.txt`, calls: 1 },
      ],
      assumed: ['select', 'shutdown'],
    });
    const prompt = byRole(await timelines('samples/reset-abort.pcapng'), 'accepted')[0]!;
    assert.ok(!prompt.diagnosis.some((d) => d.includes('unread')), 'under prompt the server drains what arrives');
  });

  it('listener-backlog: accepted only after all three handshakes, then each answered and closed before its client', async () => {
    const ts = await fromLog('listener-backlog', 'listener-backlog.netsh.txt');
    const [listener] = byRole(ts, 'listener');
    // FD_ACCEPT at the first handshake; each accept that leaves connections waiting records it again (no frame: a call did).
    assert.deepEqual(compact(socketView(listener)), ['[3] FD_ACCEPT', '[] FD_ACCEPT', '[] FD_ACCEPT']);
    assert.ok(listener.diagnosis.includes('up to 3 connections waited for accept at once'), listener.diagnosis.join('\n'));
    // Accepted with the request already there; read, answered and closed before the client's FIN: no FD_CLOSE.
    for (const a of byRole(ts, 'accepted')) {
      assert.deepEqual(compact(socketView(a)), ['[] FD_READ FD_WRITE'], `socket ${a.socket.id}`);
      assert.ok(!a.diagnosis.some((d) => d.includes('unread')), a.diagnosis.join('\n'));
    }
    const prompt = byRole(await timelines('samples/listener-backlog.pcapng'), 'listener')[0]!;
    assert.deepEqual(compact(socketView(prompt)), ['[3] FD_ACCEPT', '[6] FD_ACCEPT', '[9] FD_ACCEPT'], 'under prompt each connection is accepted at once');
  });

  it('a log in whole seconds (Get-WinEvent\'s culture dates) cannot order calls between packets: not used, and said so', async () => {
    const log = await readLogFile(`${DIR}/listener-backlog.winevent.csv`);
    const prompt = await timelines('samples/listener-backlog.pcapng');
    const r = replayFromLogs(prompt, [log], LOG);
    assert.deepEqual(r.unused, [`${DIR}/listener-backlog.winevent.csv: its calls were not used (application model log): its times are in whole seconds, too coarse to put its calls between the packets`]);
    assert.deepEqual(r.timelines.map((t) => compact(socketView(t))), prompt.map((t) => compact(socketView(t))));
    assert.ok(r.timelines.every((t) => t.program === undefined));
  });
});
