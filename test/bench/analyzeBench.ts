/**
 * Benchmark of the whole `analyze`: the built CLI (dist/cli.js, what users run) reading the
 * connections benchmark's generated capture and writing `--json` to /dev/null, beside
 * `tshark -q -z conv,tcp` on the same file. Wall time, CPU time (user + system), MB/s and peak
 * RSS (from /usr/bin/time), the fastest of `--runs` runs (default 3: the machine is shared).
 * The CLI tracks a capture this large in a worker thread (analyzer/io/replayCaptureFile.ts): wall
 * time below CPU time is the second core at work.
 *
 *   npm run bench:analyze                          # builds, then 1 GB (954 MiB)
 *   npm run bench:analyze -- --size 238 --no-tshark # MiB
 *   npm run bench:analyze -- --runs 5
 *   npm run bench -- --analyze-only                # the same, from the main bench
 *
 * The capture comes from connectionsBench.ts (generated once, cached in the temporary directory).
 * The product issue's target: the whole analyze in at most 2 s on the 1 GB capture, peak RSS under
 * 256 MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MiB = 1024 * 1024;
const ROOT = join(__dirname, '..', '..');
const TARGET_SECONDS = 2;
const TARGET_PEAK_MB = 256;

interface Measured {
  readonly seconds: number;
  /** User + system CPU seconds, all threads. */
  readonly cpuSeconds: number;
  readonly peakMiB: number;
}

/** Runs a command under /usr/bin/time for its CPU time and exact peak RSS; stdout goes to /dev/null. */
function measureOnce(cmd: string, args: readonly string[]): Measured {
  const rssFile = join(tmpdir(), `winsock-replay-analyze-bench.${process.pid}`);
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', rssFile, cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}: ${r.stderr?.toString().slice(-2000)}`);
  const [user, sys, kib] = readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  rmSync(rssFile, { force: true });
  return { seconds, cpuSeconds: user! + sys!, peakMiB: kib! / 1024 };
}

/** The fastest of `runs` runs, with the largest peak RSS any of them had. */
function measure(cmd: string, args: readonly string[], runs: number): Measured {
  const all = Array.from({ length: runs }, () => measureOnce(cmd, args));
  const best = all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...best, peakMiB: Math.max(...all.map((m) => m.peakMiB)) };
}

function report(label: string, m: Measured, bytes: number): void {
  const mbs = bytes / 1e6 / m.seconds;
  const timeMet = m.seconds <= TARGET_SECONDS * bytes / 1e9;
  const memMet = m.peakMiB * MiB / 1e6 < TARGET_PEAK_MB;
  console.log(`  ${label}: ${m.seconds.toFixed(2)} s wall, ${m.cpuSeconds.toFixed(2)} s CPU — ${mbs.toFixed(0)} MB/s, peak RSS ${(m.peakMiB * MiB / 1e6).toFixed(0)} MB` +
    `  (target for 1 GB: ≤ ${TARGET_SECONDS} s ${timeMet ? 'met' : 'MISSED'}, < ${TARGET_PEAK_MB} MB ${memMet ? 'met' : 'MISSED'})`);
}

function capture(sizeMiB: number): string {
  const gen = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'connectionsBench.ts'), '--generate-only', '--size', String(sizeMiB)], { stdio: 'inherit' });
  if (gen.status !== 0) throw new Error('could not generate the benchmark capture');
  const dir = join(tmpdir(), 'winsock-replay-bench');
  // The newest generator version's file of this size.
  const files = readdirSync(dir).filter((f) => new RegExp(`^connections-v\\d+-${sizeMiB}MiB\\.pcap$`).test(f))
    .map((f) => join(dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files.length === 0) throw new Error(`no ${sizeMiB} MiB capture in ${dir}`);
  return files[0]!;
}

function main(): void {
  const args = process.argv.slice(2);
  const sizeArg = args.indexOf('--size');
  const sizeMiB = sizeArg >= 0 ? Number(args[sizeArg + 1]) : 954;
  if (!(sizeMiB > 0)) throw new Error('--size needs a number of MiB');
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed for peak RSS (Debian package "time")');
  const cli = join(ROOT, 'bin', 'winsock-replay.js');
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Math.max(1, Math.floor(Number(args[runsArg + 1]))) : 3;
  const file = capture(sizeMiB);
  const bytes = statSync(file).size;
  console.log(`analyze --json > /dev/null on ${file} (${(bytes / MiB).toFixed(0)} MiB), fastest of ${runs}, largest peak RSS:`);
  const a = measure(process.execPath, [cli, 'analyze', file, '--json'], runs);
  report('built CLI', a, bytes);
  if (!args.includes('--no-tshark')) {
    const t = measure('tshark', ['-q', '-z', 'conv,tcp', '-r', file], 1);
    console.log(`  tshark -q -z conv,tcp: ${t.seconds.toFixed(2)} s, peak RSS ${(t.peakMiB * MiB / 1e6).toFixed(0)} MB; the built CLI is ${(t.seconds / a.seconds).toFixed(1)}× its speed`);
  }
}

main();
