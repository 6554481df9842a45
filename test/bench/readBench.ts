/**
 * `npm run bench`: read + decode throughput on a large generated capture, beside tshark on the
 * same file, and peak memory at two file sizes (it must not grow with the file).
 *
 *   npm run bench                      # 1 GiB pcap and pcapng, plus a 256 MiB run for memory
 *   npm run bench -- --size 256        # MiB
 *   npm run bench -- --no-tshark
 *   npm run bench -- --read-only         # only this read bench
 *   npm run bench -- --connections-only  # only the connections bench
 *   npm run bench -- --analyze-only      # only the whole analyze (of the built CLI)
 *   npm run bench -- --editor-only       # only the capture editor in code-server (editorBench.ts)
 *
 * Each measurement runs in a child process so its peak RSS is its own. Then it runs the
 * connections bench (connectionsBench.ts) with the same --size and --no-tshark (and its --runs,
 * --breakdown and --locality),
 * the whole analyze (analyzeBench.ts) on the connections bench's capture, and the capture editor
 * opening that capture in a real VS Code (editorBench.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePacket } from '../../analyzer/decode/decodePacket';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { ipv4TcpFrame } from '../helpers/captureBuilder';

const MiB = 1024 * 1024;

const TIMESTAMPS = new Uint8Array([1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2]); // NOP NOP timestamps, as Windows sends them
const PAYLOAD = new Uint8Array(1448).fill(0x61);

/** Bulk transfer: two 1448-byte data segments, then a pure ACK, over 64 connections. */
function frame(seq: number, data: boolean, sport: number): Uint8Array {
  return ipv4TcpFrame({
    src: '10.0.0.1', dst: '10.0.0.2', sport, dport: 443, seq, ack: 12345, flags: data ? 'PA' : 'A', win: 502,
    tcpOptions: TIMESTAMPS, ...(data ? { payload: PAYLOAD } : {}),
  });
}

function generate(path: string, bytes: number, format: 'pcap' | 'pcapng'): void {
  if (existsSync(path) && statSync(path).size >= bytes) return;
  const fd = openSync(path, 'w');
  const le = true;
  const header = new Uint8Array(format === 'pcap' ? 24 : 28 + 20);
  const hv = new DataView(header.buffer);
  if (format === 'pcap') {
    hv.setUint32(0, 0xa1b2c3d4, le); hv.setUint16(4, 2, le); hv.setUint16(6, 4, le); hv.setUint32(16, 262144, le); hv.setUint32(20, 1, le);
  } else {
    hv.setUint32(0, 0x0a0d0d0a, le); hv.setUint32(4, 28, le); hv.setUint32(8, 0x1a2b3c4d, le); hv.setUint16(12, 1, le);
    hv.setBigInt64(16, -1n, le); hv.setUint32(24, 28, le);
    hv.setUint32(28, 1, le); hv.setUint32(32, 20, le); hv.setUint16(36, 1, le); hv.setUint32(40, 262144, le); hv.setUint32(44, 20, le);
  }
  writeSync(fd, header);
  let written = header.length;
  const batch = new Uint8Array(8 * MiB);
  const bv = new DataView(batch.buffer);
  let t = 1_700_000_000_000_000; // µs
  let seq = 1;
  let n = 0;
  while (written < bytes) {
    let used = 0;
    for (;;) {
      const kind = n % 3;
      const f = frame(seq, kind !== 2, 49152 + (n % 64));
      const need = format === 'pcap' ? 16 + f.length : 32 + ((f.length + 3) & ~3);
      if (used + need > batch.length) break;
      const sec = Math.floor(t / 1e6);
      if (format === 'pcap') {
        bv.setUint32(used, sec, le); bv.setUint32(used + 4, t % 1e6, le); bv.setUint32(used + 8, f.length, le); bv.setUint32(used + 12, f.length, le);
        batch.set(f, used + 16);
      } else {
        bv.setUint32(used, 6, le); bv.setUint32(used + 4, need, le); bv.setUint32(used + 8, 0, le);
        bv.setUint32(used + 12, Math.floor(t / 2 ** 32), le); bv.setUint32(used + 16, t % 2 ** 32, le);
        bv.setUint32(used + 20, f.length, le); bv.setUint32(used + 24, f.length, le);
        batch.set(f, used + 28);
        batch.fill(0, used + 28 + f.length, used + need - 4);
        bv.setUint32(used + need - 4, need, le);
      }
      used += need;
      seq = (seq + (kind === 2 ? 0 : 1448)) >>> 0;
      t += 7;
      n++;
    }
    writeSync(fd, batch, 0, used);
    written += used;
  }
  closeSync(fd);
}

async function child(path: string): Promise<void> {
  let packets = 0;
  let tcp = 0;
  let payload = 0;
  const start = process.hrtime.bigint();
  await readCaptureFile(path, {
    packet(p) {
      packets++;
      const d = decodePacket(p.linkType, p.data, p.len);
      if (d.tcp) { tcp++; payload += d.tcp.payloadLength; }
    },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ packets, tcp, payload, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

function measure(path: string): { packets: number; tcp: number; seconds: number; maxRssMiB: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

function tsharkSeconds(path: string): number | undefined {
  try { execFileSync('tshark', ['--version'], { stdio: 'ignore' }); } catch { return undefined; }
  const start = process.hrtime.bigint();
  execFileSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.number'], { stdio: ['ignore', 'ignore', 'ignore'] });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!);
  const sizeArg = args.indexOf('--size');
  const size = (sizeArg >= 0 ? Number(args[sizeArg + 1]) : 1024) * MiB;
  const withTshark = !args.includes('--no-tshark');
  const only = ['--read-only', '--connections-only', '--analyze-only', '--editor-only'].find((o) => args.includes(o));
  if (only === undefined || only === '--read-only') await readBench(size, withTshark);
  if (only === undefined || only === '--connections-only') {
    const runsArg = args.indexOf('--runs');
    const forwarded = [
      ...(sizeArg >= 0 ? ['--size', args[sizeArg + 1]!] : []),
      ...(runsArg >= 0 ? ['--runs', args[runsArg + 1]!] : []),
      ...(withTshark ? [] : ['--no-tshark']),
      ...(args.includes('--breakdown') ? ['--breakdown'] : []),
      ...(args.includes('--locality') ? ['--locality'] : []),
    ];
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'connectionsBench.ts'), ...forwarded], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  }
  if (only === undefined || only === '--analyze-only') {
    // The whole analyze of the built CLI on the connections bench's capture (analyzeBench.ts).
    const runsArg = args.indexOf('--runs');
    const forwarded = [
      ...(sizeArg >= 0 ? ['--size', args[sizeArg + 1]!] : []),
      ...(runsArg >= 0 ? ['--runs', args[runsArg + 1]!] : []),
      ...(withTshark ? [] : ['--no-tshark']),
    ];
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'analyzeBench.ts'), ...forwarded], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  }
  if (only === undefined || only === '--editor-only') {
    // The connections bench's capture sizes are its own (954 MiB for 1 GB): pass --size only when given.
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'editorBench.ts'), ...(sizeArg >= 0 ? ['--size', args[sizeArg + 1]!] : [])], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  }
}

async function readBench(size: number, withTshark: boolean): Promise<void> {
  const dir = join(tmpdir(), 'winsock-replay-bench');
  mkdirSync(dir, { recursive: true });
  for (const format of ['pcap', 'pcapng'] as const) {
    const small = join(dir, `small.${format}`);
    const big = join(dir, `big-${size / MiB}.${format}`);
    generate(small, Math.min(size, 256 * MiB) / 4, format);
    generate(big, size, format);
    const bytes = statSync(big).size;
    const r = measure(big);
    const s = measure(small);
    const mbps = bytes / MiB / r.seconds;
    console.log(`${format}: ${(bytes / MiB).toFixed(0)} MiB, ${r.packets} packets in ${r.seconds.toFixed(2)} s — ${mbps.toFixed(0)} MiB/s, ${(r.packets / r.seconds / 1e6).toFixed(2)} M packets/s (read + decode, one core)`);
    console.log(`  peak RSS ${r.maxRssMiB.toFixed(0)} MiB at ${(bytes / MiB).toFixed(0)} MiB; ${s.maxRssMiB.toFixed(0)} MiB at ${(statSync(small).size / MiB).toFixed(0)} MiB`);
    if (withTshark) {
      const ts = tsharkSeconds(big);
      if (ts !== undefined) console.log(`  tshark -T fields -e frame.number: ${ts.toFixed(2)} s (${(bytes / MiB / ts).toFixed(0)} MiB/s)`);
    }
  }
}

void run();
