/**
 * Benchmark of the connections stage: read + decode + `ConnectionTracker` over a large generated
 * capture of many short TCP connections, beside `tshark -q -z conv,tcp` on the same file, and
 * peak memory at two file sizes (it must follow the number of open connections, not the file).
 *
 *   node --import tsx test/bench/connectionsBench.ts               # 1 GB (954 MiB) and a quarter
 *   node --import tsx test/bench/connectionsBench.ts --size 256    # MiB
 *   node --import tsx test/bench/connectionsBench.ts --no-tshark
 *   node --import tsx test/bench/connectionsBench.ts --runs 3        # fastest of 3 (busy machines)
 *   node --import tsx test/bench/connectionsBench.ts --shards 3      # the split stage in 3 threads (default 2)
 *   node --import tsx test/bench/connectionsBench.ts --breakdown     # also: the stage without each analysis
 *   node --import tsx test/bench/connectionsBench.ts --locality      # also: the same traffic with 1 and 16 connections open at once
 *   node --import tsx test/bench/connectionsBench.ts --generate-only   # just write the captures
 *
 * `npm run bench` runs it after the read bench (see readBench.ts), with the same options.
 *
 * The capture has the shape of the product issue's example (1 GB, 2.7 M packets, 128 k
 * connections): a few hundred interleaved HTTP-like connections open at any moment, each with a
 * Windows handshake, a request, a response of 1448-byte segments and a partial one with delayed
 * ACKs, some keep-alive exchanges and a FIN/ACK close both ways; a few with a retransmission,
 * some refused (SYN → RST/ACK), a few UDP (DNS) flows. One packet every 100 µs on average, so
 * closed connections are let go while reading. Deterministic (seeded), streamed to disk and
 * cached in the temporary directory.
 *
 * Each measurement runs in a child process so its peak RSS is its own.
 *
 * The benchmark runs under tsx. To time the code as it ships (compiled, without tsx's loader
 * thread and its getter-per-import), compile it and run one child directly:
 *
 *   npx tsc -p . --outDir /tmp/tscout --noEmit false
 *   node --expose-gc /tmp/tscout/test/bench/connectionsBench.js --child connections FILE.pcap
 *
 * (prints the child's JSON: seconds, maxRssMiB …; add --cpu-prof for a profile; `--child split:2`
 * for the stage split between two worker threads).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PacketRecord } from '../../analyzer/capture/types';
import type { ConnectionTracker } from '../../analyzer/connections/connectionTracker';
import type { ConnectionRecord } from '../../analyzer/connections/record';
import { decodePacket } from '../../analyzer/decode/decodePacket';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { prng } from '../capture/harness';
import { concat, inetChecksum, ipv4TcpFrame, parseIPv4, u8 } from '../helpers/captureBuilder';

const MiB = 1024 * 1024;
const MB = 1e6;
/** The issue's example capture: 1 GB. */
const DEFAULT_BYTES = 1e9;
/** Bump when the generated traffic changes, so cached files are not reused. */
const GENERATOR_VERSION = 2;

const TARGET_MBPS = 600;
const TARGET_PEAK_MB = 256;

// ---------------------------------------------------------------------------
// Generator

/** SYN options as Windows 10/11 sends them: MSS 1460, NOP, WS 8, NOP, NOP, SACK permitted. */
const WINDOWS_SYN_OPTIONS = u8(0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x08, 0x01, 0x01, 0x04, 0x02);
/** SYN/ACK options of a Linux server without timestamps: MSS 1460, NOP, NOP, SACK permitted, NOP, WS 7. */
const SERVER_SYNACK_OPTIONS = u8(0x02, 0x04, 0x05, 0xb4, 0x01, 0x01, 0x04, 0x02, 0x01, 0x03, 0x03, 0x07);
const MSS = 1448;
const CLIENT_MAC = u8(0x00, 0x15, 0x5d, 0x4a, 0x10, 0x01);
const GATEWAY_MAC = u8(0x00, 0x1c, 0x73, 0x00, 0x00, 0x01);

/** Payload bytes: requests are ASCII, responses arbitrary bytes; frames copy what they need. */
const REQUEST_BYTES = new TextEncoder().encode(
  ('GET /api/v2/items?page=17&sort=date HTTP/1.1\r\nHost: files.example.net\r\nUser-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)\r\n' +
    'Accept: */*\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: keep-alive\r\nCookie: session=' + 'a1b2c3d4'.repeat(80) + '\r\n\r\n'),
);
const RESPONSE_BYTES = (() => {
  const b = new Uint8Array(MSS);
  const r = prng(7);
  for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
  return b;
})();

interface Host {
  readonly addr: string;
  ipId: number;
  nextPort: number;
}

/** One end of a connection being scripted. */
interface End {
  readonly host: Host;
  readonly port: number;
  readonly mac: Uint8Array;
  readonly ttl: number;
  /** Next sequence number to send. */
  seq: number;
  /** Scaled window field to advertise. */
  win: number;
}

class Script {
  readonly frames: Uint8Array[] = [];
  bytes = 0;
  add(f: Uint8Array): void {
    this.frames.push(f);
    this.bytes += 16 + f.length;
  }
}

function tcp(s: Script, from: End, to: End, flags: string, payload: Uint8Array | null, opts?: Uint8Array): Uint8Array {
  const f = ipv4TcpFrame({
    src: from.host.addr, dst: to.host.addr, sport: from.port, dport: to.port,
    seq: from.seq >>> 0, ack: flags.includes('A') ? to.seq >>> 0 : 0, flags, win: from.win,
    ipId: from.host.ipId, ttl: from.ttl, srcMac: from.mac, dstMac: to.mac,
    ...(opts ? { tcpOptions: opts } : {}), ...(payload ? { payload } : {}),
  });
  from.host.ipId = (from.host.ipId + 1) & 0xffff;
  from.seq = (from.seq + (payload?.length ?? 0) + (flags.includes('S') ? 1 : 0) + (flags.includes('F') ? 1 : 0)) >>> 0;
  s.add(f);
  return f;
}

function ipv4UdpFrame(src: Host, sport: number, dst: Host, dport: number, payload: Uint8Array, srcMac: Uint8Array, dstMac: Uint8Array, ttl: number): Uint8Array {
  const udpLen = 8 + payload.length;
  const udp = new Uint8Array(udpLen);
  const uv = new DataView(udp.buffer);
  uv.setUint16(0, sport); uv.setUint16(2, dport); uv.setUint16(4, udpLen);
  udp.set(payload, 8);
  const s = parseIPv4(src.addr);
  const d = parseIPv4(dst.addr);
  const pseudo = concat(s, d, u8(0, 17, udpLen >> 8, udpLen & 0xff));
  uv.setUint16(6, inetChecksum(concat(pseudo, udp)) || 0xffff);
  const ip = new Uint8Array(20);
  const iv = new DataView(ip.buffer);
  iv.setUint8(0, 0x45); iv.setUint16(2, 20 + udpLen); iv.setUint16(4, src.ipId); iv.setUint8(8, ttl); iv.setUint8(9, 17);
  ip.set(s, 12); ip.set(d, 16);
  iv.setUint16(10, inetChecksum(ip));
  src.ipId = (src.ipId + 1) & 0xffff;
  return concat(dstMac, srcMac, u8(0x08, 0x00), ip, udp);
}

/** A DNS A query for `host<n>.corp.example.net` and its answer (two addresses). */
function dnsExchange(id: number, n: number, last: number): [Uint8Array, Uint8Array] {
  const labels = [`host${n}`, 'corp', 'example', 'net'];
  const qname = concat(...labels.map((l) => concat(u8(l.length), new TextEncoder().encode(l))), u8(0));
  const question = concat(qname, u8(0, 1, 0, 1)); // A, IN
  const header = (flags: number, answers: number): Uint8Array => u8(id >> 8, id, flags >> 8, flags, 0, 1, 0, answers, 0, 0, 0, 0);
  const record = (a: number): Uint8Array => u8(0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 10, 30, a, last);
  return [concat(header(0x0100, 0), question), concat(header(0x8180, 2), question, record(1), record(2))];
}

interface Mix {
  readonly refused: number;
  readonly udp: number;
  readonly retransmission: number;
}

const MIX: Mix = { refused: 0.02, udp: 0.01, retransmission: 0.03 };

class TrafficModel {
  private readonly clients: Host[] = [];
  private readonly servers: Host[] = [];
  private readonly dns: Host[];

  constructor(private readonly rnd: () => number) {
    // 2048 clients (10.20.0.10 – 10.20.15.137), each with its own sequential ephemeral ports.
    for (let i = 0; i < 2048; i++) {
      this.clients.push({ addr: `10.20.${i >> 7}.${10 + (i & 127)}`, ipId: this.int(65536), nextPort: 49152 + this.int(16384) });
    }
    // 512 servers in the benchmarking range 198.18.0.0/15.
    for (let i = 0; i < 512; i++) this.servers.push({ addr: `198.18.${i >> 6}.${1 + (i & 63)}`, ipId: this.int(65536), nextPort: 0 });
    this.dns = [{ addr: '10.20.255.1', ipId: 1, nextPort: 0 }, { addr: '10.20.255.2', ipId: 1, nextPort: 0 }];
  }

  private int(n: number): number {
    return Math.floor(this.rnd() * n);
  }

  private pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }

  private ephemeral(h: Host): number {
    const p = h.nextPort;
    h.nextPort = p === 65535 ? 49152 : p + 1;
    return p;
  }

  /** The frames of one connection (or UDP flow), in the order they are sent. */
  next(): Script {
    const s = new Script();
    const client = this.pick(this.clients);
    const r = this.rnd();
    if (r < MIX.udp) {
      const server = this.pick(this.dns);
      const sport = this.ephemeral(client);
      const [query, answer] = dnsExchange(this.int(65536), this.int(1000), this.int(256));
      s.add(ipv4UdpFrame(client, sport, server, 53, query, CLIENT_MAC, GATEWAY_MAC, 128));
      s.add(ipv4UdpFrame(server, 53, client, sport, answer, GATEWAY_MAC, CLIENT_MAC, 64));
      return s;
    }
    const server = this.pick(this.servers);
    const pr = this.rnd();
    const c: End = { host: client, port: this.ephemeral(client), mac: CLIENT_MAC, ttl: 128, seq: this.int(2 ** 32), win: 64240 };
    const v: End = { host: server, port: pr < 0.8 ? 443 : pr < 0.95 ? 80 : 8080, mac: GATEWAY_MAC, ttl: 52, seq: this.int(2 ** 32), win: 64240 };
    tcp(s, c, v, 'S', null, WINDOWS_SYN_OPTIONS);
    if (r < MIX.udp + MIX.refused) {
      v.seq = 0;
      v.win = 0;
      tcp(s, v, c, 'RA', null);
      return s;
    }
    tcp(s, v, c, 'SA', null, SERVER_SYNACK_OPTIONS);
    c.win = 513; // × 256
    v.win = 502; // × 128
    tcp(s, c, v, 'A', null);
    const retransmitRound = this.rnd() < MIX.retransmission ? 0 : -1;
    // One main exchange (a response of 1–5 full segments and a partial one), then 0–3 small ones.
    const rounds = 1 + this.int(4);
    for (let round = 0; round < rounds; round++) {
      tcp(s, c, v, 'PA', REQUEST_BYTES.subarray(0, round === 0 ? 200 + this.int(300) : 150 + this.int(250)));
      tcp(s, v, c, 'A', null);
      const full = round === 0 ? 1 + this.int(5) : 0;
      const lastLen = round === 0 ? 100 + this.int(1000) : 200 + this.int(600);
      const retransmitAt = round === retransmitRound ? this.int(full + 1) : -1;
      for (let i = 0; i <= full; i++) {
        const last = i === full;
        const payload = RESPONSE_BYTES.subarray(0, last ? lastLen : MSS);
        const seq = v.seq;
        tcp(s, v, c, last ? 'PA' : 'A', payload);
        // Delayed ACK: every second segment, and the last one.
        if (i % 2 === 1 || last) tcp(s, c, v, 'A', null);
        if (i === retransmitAt) {
          // The server's retransmission timer fires: the same segment again, and a duplicate ACK.
          const after = v.seq;
          v.seq = seq;
          tcp(s, v, c, last ? 'PA' : 'A', payload);
          v.seq = after;
          tcp(s, c, v, 'A', null);
        }
      }
    }
    // Close, either end first: FIN/ACK, ACK, FIN/ACK, ACK.
    const [first, second] = this.rnd() < 0.5 ? [c, v] : [v, c];
    tcp(s, first, second, 'FA', null);
    tcp(s, second, first, 'A', null);
    tcp(s, second, first, 'FA', null);
    tcp(s, first, second, 'A', null);
    return s;
  }
}

/** Connections open at once in the generated traffic. */
const CONCURRENT = 300;
/** Mean gap between packets, µs (each gap is 50–150 µs). */
const MEAN_GAP_US = 100;

interface GeneratedShape {
  bytes: number;
  packets: number;
  connections: number;
}

/**
 * Writes a classic pcap (µs, Ethernet) of about `bytes` bytes to `path`, streamed through an
 * 8 MiB buffer. New connections start until their frames add up to `bytes`; the ones open then
 * run to their end. Written to a temporary name and renamed, so a cut run leaves no bad cache.
 */
function generate(path: string, bytes: number, concurrent = CONCURRENT): void {
  if (existsSync(path)) return;
  const started = process.hrtime.bigint();
  const rnd = prng(0x5eed + GENERATOR_VERSION);
  const model = new TrafficModel(rnd);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  const le = true;
  const batch = new Uint8Array(8 * MiB);
  const bv = new DataView(batch.buffer);
  bv.setUint32(0, 0xa1b2c3d4, le); bv.setUint16(4, 2, le); bv.setUint16(6, 4, le); bv.setUint32(16, 262144, le); bv.setUint32(20, 1, le);
  let used = 24;
  let planned = 24;
  const shape: GeneratedShape = { bytes: 24, packets: 0, connections: 0 };
  const open: { frames: Uint8Array[]; i: number }[] = [];
  const start = (): void => {
    const s = model.next();
    planned += s.bytes;
    shape.connections++;
    open.push({ frames: s.frames, i: 0 });
  };
  while (open.length < concurrent && planned < bytes) start();
  let t = 1_700_000_000 * 1e6; // µs
  while (open.length > 0) {
    const k = Math.floor(rnd() * open.length);
    const conn = open[k]!;
    const f = conn.frames[conn.i++]!;
    if (used + 16 + f.length > batch.length) {
      writeSync(fd, batch, 0, used);
      used = 0;
    }
    bv.setUint32(used, Math.floor(t / 1e6), le); bv.setUint32(used + 4, t % 1e6, le);
    bv.setUint32(used + 8, f.length, le); bv.setUint32(used + 12, f.length, le);
    batch.set(f, used + 16);
    used += 16 + f.length;
    shape.bytes += 16 + f.length;
    shape.packets++;
    t += MEAN_GAP_US / 2 + Math.floor(rnd() * (MEAN_GAP_US + 1));
    if (conn.i === conn.frames.length) {
      open[k] = open[open.length - 1]!;
      open.pop();
      if (planned < bytes) start();
    }
  }
  writeSync(fd, batch, 0, used);
  closeSync(fd);
  renameSync(tmp, path);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `  generated ${path}: ${(shape.bytes / MB).toFixed(0)} MB, ${(shape.packets / 1e6).toFixed(2)} M packets, ` +
      `${(shape.connections / 1e3).toFixed(1)} k connections (${(shape.packets / shape.connections).toFixed(1)} packets and ` +
      `${(shape.bytes / shape.packets).toFixed(0)} bytes each on average; ${(shape.packets * MEAN_GAP_US / 1e6).toFixed(0)} s of capture) in ${seconds.toFixed(0)} s`,
  );
}

// ---------------------------------------------------------------------------
// Measurement (child processes)

/**
 * The analyses a `without:` child replaces with no-ops: Zeek's conn_state and history
 * (tcp/zeekConnState.ts), Wireshark's sequence analysis (tcp/segmentAnalysis.ts), or both.
 */
type Analysis = 'zeek' | 'sequence' | 'both';

interface ChildResult {
  /**
   * `split:N`: the stage split between N worker threads (analyzer/io/shardedTracking.ts).
   * `without:…`: the connections stage with analyses made no-ops (`--breakdown`): what each
   * costs. Its records are wrong (no conn_state, no retransmissions); only its time counts.
   */
  mode: 'connections' | 'decode' | `split:${number}` | `without:${Analysis}`;
  bytes: number;
  packets: number;
  seconds: number;
  /** User + system CPU seconds of the process (all threads) while it read and tracked (as `seconds`). */
  cpuSeconds: number;
  maxRssMiB: number;
  /** Heap after a full collection once the file is read (before `finish()`). */
  liveHeapMiB: number;
  connections: number;
  tcp: number;
  udp: number;
  maxOpen: number;
  retransmissions: number;
  states: Record<string, number>;
}

async function child(path: string, mode: ChildResult['mode']): Promise<void> {
  const res: ChildResult = {
    mode, bytes: statSync(path).size, packets: 0, seconds: 0, cpuSeconds: 0, maxRssMiB: 0, liveHeapMiB: 0,
    connections: 0, tcp: 0, udp: 0, maxOpen: 0, retransmissions: 0, states: {},
  };
  const states = new Map<string, number>();
  const count = (r: ConnectionRecord): void => {
    res.connections++;
    if (r.protocol === 'tcp') res.tcp++;
    else res.udp++;
    res.retransmissions += r.toServer.retransmissions + r.toClient.retransmissions;
    states.set(r.zeek.connState, (states.get(r.zeek.connState) ?? 0) + 1);
  };
  if (mode.startsWith('split:')) {
    // The shards' records are decoded and merged on this thread, as analyze gets them.
    const { trackConnectionsInShards } = await import('../../analyzer/io/shardedTracking');
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const end = await trackConnectionsInShards(path, { connection: count }, { shards: Number(mode.slice(6)) });
    res.seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    res.cpuSeconds = (cpu.user + cpu.system) / 1e6;
    res.packets = end.summary.packets;
    res.maxRssMiB = process.resourceUsage().maxRSS / 1024;
    res.states = Object.fromEntries([...states].sort((a, b) => b[1] - a[1]));
    process.stdout.write(JSON.stringify(res) + '\n');
    return;
  }
  let packet: (p: PacketRecord) => void;
  let tracker: ConnectionTracker | null = null;
  if (mode.startsWith('without:')) await dropAnalyses(mode.slice(8) as Analysis);
  if (mode === 'connections' || mode.startsWith('without:')) {
    // Loaded here, so that generating captures does not need the connections stage.
    const { ConnectionTracker: Tracker } = await import('../../analyzer/connections/connectionTracker');
    const t = new Tracker({
      connection(r: ConnectionRecord): void {
        // Created minus handed on so far: the tracker hands connections on in bursts (its sweep,
        // port reuse, the end), so the first call of each burst sees the largest count before it.
        const open = t.stats.connections - res.connections;
        if (open > res.maxOpen) res.maxOpen = open;
        count(r);
      },
    });
    tracker = t;
    packet = (p) => t.packet(p);
  } else {
    let payload = 0;
    packet = (p) => {
      res.packets++;
      const d = decodePacket(p.linkType, p.data, p.len);
      if (d.tcp) payload += d.tcp.payloadLength;
    };
  }
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  // As the connections command reads (the decode-only mode keeps nothing of a record either).
  await readCaptureFile(path, { packet }, { reuseRecords: true });
  let elapsed = process.hrtime.bigint() - start;
  let cpu = process.cpuUsage(cpuStart);
  // What is really alive before the end (open and lingering connections, remembered 4-tuples):
  // a full collection, left out of the time.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    res.liveHeapMiB = process.memoryUsage().heapUsed / MiB;
  }
  const finishStart = process.hrtime.bigint();
  const finishCpu = process.cpuUsage();
  tracker?.finish();
  elapsed += process.hrtime.bigint() - finishStart;
  const finished = process.cpuUsage(finishCpu);
  cpu = { user: cpu.user + finished.user, system: cpu.system + finished.system };
  res.seconds = Number(elapsed) / 1e9;
  if (tracker) res.packets = tracker.stats.packets;
  res.maxRssMiB = process.resourceUsage().maxRSS / 1024;
  res.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  res.states = Object.fromEntries([...states].sort((a, b) => b[1] - a[1]));
  process.stdout.write(JSON.stringify(res) + '\n');
}

/**
 * Replaces the analyses with no-ops in this (child) process, before any connection exists: the
 * tracker and TcpConnection run as they ship, minus that work. Not a product option: the
 * analyses are what conn_state, history and the tcp.analysis counts are made of.
 */
async function dropAnalyses(which: Analysis): Promise<void> {
  if (which !== 'sequence') {
    const { ZeekTcpConnection } = await import('../../analyzer/tcp/zeekConnState');
    ZeekTcpConnection.prototype.packet = function packet(): void {};
  }
  if (which !== 'zeek') {
    const { SegmentAnalyzer } = await import('../../analyzer/tcp/segmentAnalysis');
    SegmentAnalyzer.prototype.analyze = function analyze(): number {
      return 0;
    };
  }
}

/** The fastest of `runs` runs, with the largest peak RSS any of them had. */
function measureBest(path: string, mode: ChildResult['mode'], runs: number): ChildResult {
  let best: ChildResult | null = null;
  let maxRss = 0;
  for (let i = 0; i < runs; i++) {
    const r = measure(path, mode);
    maxRss = Math.max(maxRss, r.maxRssMiB);
    if (best === null || r.seconds < best.seconds) best = r;
  }
  return { ...best!, maxRssMiB: maxRss };
}

function measure(path: string, mode: ChildResult['mode']): ChildResult {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--child', mode, path], { encoding: 'utf8', maxBuffer: 64 * MiB });
  if (r.status !== 0) throw new Error(`child (${mode}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

// ---------------------------------------------------------------------------
// tshark

interface TsharkResult {
  seconds: number;
  maxRssMiB: number;
  conversations: number;
}

function hasTshark(): boolean {
  return spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * `tshark -q -z conv,tcp -r FILE`: wall time, and peak RSS from /usr/bin/time (exact, from the
 * kernel's rusage) or, without it, by polling VmHWM in /proc while tshark runs. Counts the
 * conversations in its table as it streams by.
 */
function runTshark(path: string): Promise<TsharkResult> {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const rssFile = join(tmpdir(), `winsock-replay-bench-time.${process.pid}`);
  const args = ['-q', '-z', 'conv,tcp', '-r', path];
  const cmd = timeBin ?? 'tshark';
  const cmdArgs = timeBin ? ['-f', '%M', '-o', rssFile, 'tshark', ...args] : args;
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const p = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let conversations = 0;
    let tail = '';
    let stderr = '';
    let polledKiB = 0;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (s: string) => {
      const lines = (tail + s).split('\n');
      tail = lines.pop()!;
      for (const l of lines) if (l.includes('<->')) conversations++;
    });
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (s: string) => { stderr += s; });
    const poll = timeBin ? null : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'));
        if (m) polledKiB = Math.max(polledKiB, Number(m[1]));
      } catch { /* exited */ }
    }, 20);
    p.on('error', reject);
    p.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (poll) clearInterval(poll);
      if (tail.includes('<->')) conversations++;
      if (code !== 0) {
        reject(new Error(`tshark exited with ${code}: ${stderr.trim()}`));
        return;
      }
      let kib = polledKiB;
      if (timeBin) {
        kib = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
        rmSync(rssFile, { force: true });
      }
      resolve({ seconds, maxRssMiB: kib / 1024, conversations });
    });
  });
}

// ---------------------------------------------------------------------------

function mbps(bytes: number, seconds: number): string {
  return `${(bytes / MB / seconds).toFixed(0)} MB/s (${(bytes / MiB / seconds).toFixed(0)} MiB/s)`;
}

function rss(mib: number): string {
  return `${(mib * MiB / MB).toFixed(0)} MB (${mib.toFixed(0)} MiB)`;
}

/**
 * What memory costs: the same traffic (the same generator and traffic model; the random choices
 * differ, so the counts of packets and connections differ a little, and each is printed) with 1,
 * 16 and 300 connections open at once, timed interleaved. With one or a few
 * open, each packet finds its connection's state in the core's caches; with 300 (the bench's
 * capture), mostly not.
 */
function locality(name: (bytes: number, open?: number) => string, bytes: number, runs: number): void {
  const opens = [1, 16, CONCURRENT];
  for (const k of opens) generate(name(bytes, k), bytes, k);
  const best = bestInterleaved(opens.map((k) => [name(bytes, k), 'connections'] as const), runs);
  const parts = opens.map((k, j) => {
    const r = best[j]!;
    return `${k} → ${r.seconds.toFixed(2)} s (${mbps(r.bytes, r.seconds)}, ${r.connections} connections)`;
  });
  console.log(`  the same traffic with N connections open at once (runs interleaved, best of ${runs}): ${parts.join('; ')}`);
}

/** What each analysis costs: the stage as it ships and with each analysis a no-op, best of `runs`, interleaved. */
function breakdown(path: string, runs: number): void {
  const modes = ['connections', 'without:zeek', 'without:sequence', 'without:both'] as const;
  const [full, noZeek, noSequence, neither] = bestInterleaved(modes.map((m) => [path, m] as const), runs) as
    [ChildResult, ChildResult, ChildResult, ChildResult];
  const line = (label: string, r: ChildResult): string =>
    `${label} ${r.seconds.toFixed(2)} s (${(full.seconds - r.seconds).toFixed(2)} s less, ${mbps(r.bytes, r.seconds)})`;
  console.log(
    `  what the analyses cost (each replaced by a no-op, runs interleaved, best of ${runs}): as shipped ${full.seconds.toFixed(2)} s; ` +
      `${line('without Zeek\'s conn_state/history', noZeek)}; ${line('without Wireshark\'s sequence analysis', noSequence)}; ` +
      `${line('without either', neither)}`,
  );
}

/**
 * The fastest run of each job, the jobs run in turn `runs` times (rather than each `runs` times in
 * a row): this machine's speed drifts by more than the differences these compare.
 */
function bestInterleaved(jobs: readonly (readonly [string, ChildResult['mode']])[], runs: number): ChildResult[] {
  const best: ChildResult[] = [];
  for (let i = 0; i < runs; i++) {
    jobs.forEach(([path, mode], j) => {
      const r = measure(path, mode);
      if (best[j] === undefined || r.seconds < best[j].seconds) best[j] = r;
    });
  }
  return best;
}

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[2]!, args[1] as ChildResult['mode']);
  const sizeArg = args.indexOf('--size');
  const bytes = sizeArg >= 0 ? Math.round(Number(args[sizeArg + 1]) * MiB) : DEFAULT_BYTES;
  if (!(bytes > 0)) throw new Error('--size needs a number of MiB');
  const withTshark = !args.includes('--no-tshark');
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Math.max(1, Math.floor(Number(args[runsArg + 1]))) : 1;
  if (!(runs >= 1)) throw new Error('--runs needs a number');
  const dir = join(tmpdir(), 'winsock-replay-bench');
  mkdirSync(dir, { recursive: true });
  const name = (b: number, open = CONCURRENT): string =>
    join(dir, `connections-v${GENERATOR_VERSION}-${Math.round(b / MiB)}MiB${open === CONCURRENT ? '' : `-open${open}`}.pcap`);
  const big = name(bytes);
  const small = name(bytes / 4);
  console.log(`connections stage (read + decode + ConnectionTracker, one core${runs > 1 ? `, best of ${runs} runs, largest peak RSS` : ''}):`);
  generate(big, bytes);
  generate(small, bytes / 4);
  if (args.includes('--generate-only')) return;

  const r = measureBest(big, 'connections', runs);
  const q = measureBest(small, 'connections', runs);
  const d = measureBest(big, 'decode', runs);
  const shardsArg = args.indexOf('--shards');
  const shards = shardsArg >= 0 ? Math.floor(Number(args[shardsArg + 1])) : 2;
  if (!(shards >= 2)) throw new Error('--shards needs a number of at least 2');
  const sp = measureBest(big, `split:${shards}`, runs);
  if (sp.connections !== r.connections || JSON.stringify(sp.states) !== JSON.stringify(r.states)) {
    throw new Error(`split between ${shards} threads: ${sp.connections} connections (${JSON.stringify(sp.states)}), one tracker ${r.connections} (${JSON.stringify(r.states)})`);
  }
  const size = `${(r.bytes / MB).toFixed(0)} MB (${(r.bytes / MiB).toFixed(0)} MiB)`;
  console.log(
    `  ${size}, ${(r.packets / 1e6).toFixed(2)} M packets in ${r.seconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(2)} s) — ${mbps(r.bytes, r.seconds)}, ` +
      `${(r.packets / r.seconds / 1e6).toFixed(2)} M packets/s`,
  );
  const states = Object.entries(r.states).map(([s, n]) => `${s} ${n}`).join(', ');
  console.log(
    `  ${r.connections} connections (${r.tcp} TCP, ${r.udp} UDP; Zeek states ${states}; ${r.retransmissions} retransmissions); ` +
      `at most ${r.maxOpen} held at once (open, or closed and not yet let go)`,
  );
  console.log(
    `  peak RSS ${rss(r.maxRssMiB)} at ${(r.bytes / MiB).toFixed(0)} MiB, ${rss(q.maxRssMiB)} at ${(q.bytes / MiB).toFixed(0)} MiB ` +
      `(at most ${q.maxOpen} held); live heap after the last packet ${r.liveHeapMiB.toFixed(0)} MiB and ${q.liveHeapMiB.toFixed(0)} MiB`,
  );
  console.log(
    `  split between ${shards} worker threads (analyzer/io/shardedTracking.ts; records merged on the calling thread): ` +
      `${sp.seconds.toFixed(2)} s (CPU ${sp.cpuSeconds.toFixed(2)} s) — ${mbps(sp.bytes, sp.seconds)}, peak RSS ${rss(sp.maxRssMiB)}`,
  );
  console.log(`  read + decode alone, same file: ${d.seconds.toFixed(2)} s — ${mbps(d.bytes, d.seconds)}, peak RSS ${rss(d.maxRssMiB)}`);
  if (args.includes('--breakdown')) breakdown(big, runs);
  if (args.includes('--locality')) locality(name, bytes, runs);
  if (withTshark) {
    if (!hasTshark()) console.log('  tshark not found: skipped');
    else {
      const t = await runTshark(big);
      console.log(
        `  tshark -q -z conv,tcp: ${t.seconds.toFixed(2)} s — ${mbps(r.bytes, t.seconds)}, peak RSS ${rss(t.maxRssMiB)}, ` +
          `${t.conversations} TCP conversations; ${(t.seconds / r.seconds).toFixed(1)}× our time, ${(t.maxRssMiB / r.maxRssMiB).toFixed(1)}× our peak RSS`,
      );
    }
  }
  for (const [label, m] of [['one thread', r], [`${shards} threads`, sp]] as const) {
    const speed = m.bytes / MB / m.seconds;
    const peakMB = (m.maxRssMiB * MiB) / MB;
    console.log(`  ${label}: target ≥ ${TARGET_MBPS} MB/s: ${speed >= TARGET_MBPS ? 'met' : 'MISSED'} (${speed.toFixed(0)} MB/s); ` +
      `target peak RSS < ${TARGET_PEAK_MB} MB: ${peakMB < TARGET_PEAK_MB ? 'met' : 'MISSED'} (${peakMB.toFixed(0)} MB)`);
  }
}

run().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
