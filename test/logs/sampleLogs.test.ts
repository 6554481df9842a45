/**
 * The log excerpts in samples/logs are generated from hand-written scenarios; these checks keep
 * the files in step with the scenarios and count their records with plain text matching (not with
 * the log readers, which these files exist to test).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLOCK_SAMPLE, JOURNAL_SAMPLE, LOGS_DIR, loadScenario, renderAll, scenarioStems, type Scenario } from '../../samples/logs/make-logs';

const SAMPLES = join(LOGS_DIR, '..');
const HAND_WRITTEN = /\.scenario\.json$|^README\.md$|^make-logs\.ts$/;

const read = (name: string): string => readFileSync(join(LOGS_DIR, name), 'utf8');
const lines = (text: string): string[] => text.split(/\r?\n/).filter((l) => l !== '');
const ASYNC = new Set(['async-select-macros', 'async-lparam']);

/** What the program log must hold, from the scenario alone. */
function expectedProgram(sc: Scenario): { events: number; calls: number; notes: number } {
  let events = 0, calls = 0, notes = 0;
  for (const l of sc.program.lines) {
    if (l.omit) continue;
    if (l.note !== undefined) notes++;
    else if (l.call !== undefined) calls++;
    else events += ASYNC.has(sc.program.shape) ? (l.events ?? '').split('|').length : 1;
  }
  return { events, calls, notes };
}

describe('samples/logs', () => {
  const stems = scenarioStems();
  const rendered = renderAll();

  it('has a scenario for every sample capture', () => {
    const captures = readdirSync(SAMPLES).filter((f) => /\.pcap(ng)?$/.test(f)).map((f) => f.replace(/\.pcap(ng)?$/, '')).sort();
    assert.deepEqual(stems, captures);
    for (const s of stems) assert.ok(readdirSync(SAMPLES).includes(loadScenario(s).capture), s);
  });

  it('every generated file is up to date, and no stale file is left', () => {
    for (const [name, bytes] of rendered) {
      const disk = readFileSync(join(LOGS_DIR, name));
      assert.ok(Buffer.compare(disk, Buffer.from(bytes)) === 0, `${name} is out of date: run node --import tsx samples/logs/make-logs.ts`);
    }
    const onDisk = readdirSync(LOGS_DIR).filter((f) => !HAND_WRITTEN.test(f)).sort();
    assert.deepEqual(onDisk, [...rendered.keys()].sort());
  });

  for (const stem of stems) {
    it(`${stem}: one record per scenario event in every format`, () => {
      const sc = loadScenario(stem);
      const n = sc.etw.length;
      const netsh = lines(read(`${stem}.netsh.txt`));
      assert.equal(netsh.length, n);
      for (const l of netsh) assert.match(l, /^\[\d+\][0-9A-F]{4}\.[0-9A-F]{4}::\d{4}\/\d\d\/\d\d-\d\d:\d\d:\d\d\.\d{7}00 \[Microsoft-Windows-(Winsock-AFD|TCPIP)\]\S/);
      const pktmon = lines(read(`${stem}.pktmon.txt`));
      assert.equal(pktmon.length, n);
      for (const l of pktmon) assert.match(l, /^\[\d+\][0-9A-F]{4}\.[0-9A-F]{4}::\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \[Microsoft-Windows-(Winsock-AFD|TCPIP)\] \S/);
      const xml = read(`${stem}.tracerpt.xml`);
      assert.equal(xml.match(/<Event xmlns="http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event">/g)?.length, n);
      assert.equal(xml.match(new RegExp(`SystemTime="\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}${sc.zone.replace('+', '\\+')}"`, 'g'))?.length, n);
      const csv = lines(read(`${stem}.tracerpt.csv`));
      assert.match(csv[1]!, /^EventTrace, Header, /);
      assert.equal(csv.length - 2, n);
      for (const l of csv.slice(2)) assert.match(l, /^Microsoft-Windows-(Winsock-AFD|TCPIP), \w+ , \d+, \d, 16, [24], \d+, \d+, 0x[0-9A-F]{16}, 0x[0-9A-F]{8}, 0x[0-9A-F]{8}, \d+, , , \{0{8}-/);
      const win = lines(read(`${stem}.winevent.csv`));
      assert.equal(win[0], '#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord');
      assert.equal(win.length - 2, n);
    });

    it(`${stem}: the program log holds the scenario's lines`, () => {
      const sc = loadScenario(stem);
      const want = expectedProgram(sc);
      const log = lines(read(`${stem}.program.log`));
      const events = log.filter((l) => /\bFD_[A-Z]+\b|lNetworkEvents=|WSAGETSELECTEVENT|\blParam=/.test(l)).length;
      const calls = log.filter((l) => /\b(recv|recvfrom|accept|closesocket)\(\d+\) = /.test(l)).length;
      assert.deepEqual({ events, calls, notes: log.length - events - calls }, want);
    });
  }

  it('the deliberate differences are exactly the four README lists', () => {
    const diffs = stems.flatMap((s) => loadScenario(s).program.lines.filter((l) => l.diff !== undefined).map((l) => `${s}:${l.frame}`));
    assert.deepEqual(diffs.sort(), ['graceful-close:10', 'half-close:13', 'http-keepalive:9', 'reset-abort:8']);
    const readme = read('README.md');
    for (const d of diffs) assert.ok(readme.includes(`${d.split(':')[0]}.program.log`), d);
  });

  it('times are the frame time plus the latency, in the file\'s local zone', () => {
    // reset-abort frame 2 (SYN/ACK) is 1795277008.682100513 UTC; +38 µs, cut to 100 ns; +05:30.
    assert.ok(lines(read('reset-abort.netsh.txt')).some((l) => l.startsWith('[3]0000.0000::2026/11/21-21:33:28.682138500 [Microsoft-Windows-Winsock-AFD]connect: 1: ')));
    assert.match(read('reset-abort.tracerpt.xml'), /<TimeCreated SystemTime="2026-11-21T21:33:28\.682138500\+05:30" \/>/);
    // FILETIME of 2026-11-21T16:03:28.6821385Z.
    const ft = (BigInt(Date.UTC(2026, 10, 21, 16, 3, 28)) * 10_000n + 6821385n) + 116444736000000000n;
    assert.ok(read('reset-abort.tracerpt.csv').includes(`, ${ft}, 0, 0, 1, 7010, `));
  });

  it(`${CLOCK_SAMPLE}: the clock variants`, () => {
    const n = loadScenario(CLOCK_SAMPLE).etw.length;
    const plain = lines(read(`${CLOCK_SAMPLE}.netsh.txt`));
    const skewed = lines(read(`${CLOCK_SAMPLE}.skewed.netsh.txt`));
    assert.equal(skewed.length, n);
    // The first event is 15.2 ms before frame 1: skew −40 ms, drift −0.76 µs.
    assert.match(plain[0]!, /::2026\/11\/21-21:33:28\.666611000 /);
    assert.match(skewed[0]!, /::2026\/11\/21-21:33:28\.626610200 /);
    const wrong = readFileSync(join(LOGS_DIR, `${CLOCK_SAMPLE}.wrongzone.netsh.txt`));
    assert.deepEqual([...wrong.subarray(0, 2)], [0xff, 0xfe]);
    const wrongLines = lines(wrong.subarray(2).toString('utf16le'));
    assert.equal(wrongLines.length, n);
    assert.equal(wrongLines[0], plain[0]!.replace('-21:33:28', '-22:33:28'));
    const nodate = lines(read(`${CLOCK_SAMPLE}.nodate.pktmon.txt`));
    assert.equal(nodate.length, n);
    for (const l of nodate) assert.match(l, /^\d\d:\d\d:\d\d\.\d{9} \[Microsoft-Windows-(Winsock-AFD|TCPIP)\] \S/);
  });

  it(`${JOURNAL_SAMPLE}: the etl2pcapng file has every packet and one journal block per event`, () => {
    const count = (bytes: Buffer): Map<number, number> => {
      const m = new Map<number, number>();
      for (let off = 0; off < bytes.length;) {
        const type = bytes.readUInt32LE(off);
        const len = bytes.readUInt32LE(off + 4);
        assert.ok(len >= 12 && len % 4 === 0 && bytes.readUInt32LE(off + len - 4) === len, `block at ${off}`);
        m.set(type, (m.get(type) ?? 0) + 1);
        off += len;
      }
      return m;
    };
    const sc = loadScenario(JOURNAL_SAMPLE);
    const out = readFileSync(join(LOGS_DIR, `${JOURNAL_SAMPLE}.etl2pcapng.pcapng`));
    const blocks = count(out);
    assert.equal(blocks.get(9), sc.etw.length);
    assert.equal(blocks.get(6), count(readFileSync(join(SAMPLES, sc.capture))).get(6));
    const text = out.toString('latin1');
    assert.equal(text.match(/__REALTIME_TIMESTAMP=\d{16}\n_COMM=Microsoft-Windows-(Winsock-AFD|TCPIP)\nMESSAGE=[^\n]+\n/g)?.length, sc.etw.length);
    assert.equal(text.match(/PID=\d+ TID=\d+/g)?.length, blocks.get(6));
  });
});
