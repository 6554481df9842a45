import { LogFileError, readLogFile } from '../io/readLogFile';
import { DEFAULT_COMPARE } from '../logs/compare';
import type { LoadedLog } from '../logs/loadedLog';
import type { LogOptions } from '../logs/logAnalysis';
import { compileProgramPattern, presetPatterns, type ProgramPattern } from '../logs/programPatterns';
import { UsageError, type ParsedArgs } from './args';
import type { Output } from './output';

export interface LogArgs {
  readonly files: readonly string[];
  readonly patterns: readonly ProgramPattern[];
  readonly analysis: LogOptions;
}

/**
 * `--log <file>` (repeatable), `--log-shift <s>[,<s>…]` and `--log-offset <s>|auto[,…]` (one per
 * log, in order; one value applies to all), `--log-pattern <regex>` (repeatable, named groups
 * as in docs/logs.md), `--log-preset <name>[,…]`, `--late-ms <ms>`.
 */
export function logOptionsFrom(args: ParsedArgs): LogArgs {
  const files = args.lists.get('log') ?? [];
  const perLog = (name: string, parse: (v: string) => number | null): (number | null)[] => {
    const v = args.flags.get(name);
    if (v === undefined) return [];
    if (v === true) throw new UsageError(`option --${name} needs a value`);
    if (files.length === 0) throw new UsageError(`--${name} needs --log`);
    const values = v.split(',').map((x) => parse(x.trim()));
    if (values.length !== 1 && values.length !== files.length) throw new UsageError(`--${name}: give one value, or one per --log (${files.length})`);
    return files.map((_, i) => values[values.length === 1 ? 0 : i]!);
  };
  const seconds = (name: string) => (x: string): number | null => {
    if (name === 'log-offset' && x === 'auto') return null;
    if (!/^[+-]?\d+(\.\d+)?$/.test(x)) throw new UsageError(`--${name}: ${x} is not a number of seconds`);
    return Math.round(Number(x) * 1e9);
  };
  const shifts = perLog('log-shift', seconds('log-shift'));
  const offsets = perLog('log-offset', seconds('log-offset'));
  const patterns: ProgramPattern[] = [];
  (args.lists.get('log-pattern') ?? []).forEach((regex, i) => {
    const c = compileProgramPattern({ regex }, i);
    if (!c.ok) throw new UsageError(`--log-pattern: ${c.message}`);
    patterns.push(c.pattern);
  });
  const presets = args.flags.get('log-preset');
  if (presets === true) throw new UsageError('option --log-preset needs a value');
  if (presets !== undefined) {
    try {
      patterns.push(...presetPatterns(presets.split(',').map((p) => p.trim())));
    } catch (e) {
      throw new UsageError(`--log-preset: ${(e as Error).message}`);
    }
  }
  const late = args.flags.get('late-ms');
  if (late === true || (late !== undefined && !/^\d+(\.\d+)?$/.test(late))) throw new UsageError('--late-ms needs a number of milliseconds');
  return {
    files,
    patterns,
    analysis: {
      clocks: files.map((_, i) => ({ shiftNs: shifts[i] ?? 0, offsetNs: offsets[i] ?? null })),
      compare: late === undefined ? DEFAULT_COMPARE : { ...DEFAULT_COMPARE, lateNs: Number(late) * 1e6 },
    },
  };
}

/** Reads every log; a log that cannot be read is reported and left out, the others are kept. */
export async function readLogs(a: LogArgs, io: Output): Promise<{ logs: LoadedLog[]; failed: boolean }> {
  const logs: LoadedLog[] = [];
  let failed = false;
  for (const f of a.files) {
    try {
      const log = await readLogFile(f, { patterns: a.patterns });
      for (const p of log.problems.slice(0, 5)) io.err(`${f}:${p.line}: ${p.message}\n`);
      if (log.problemCount > 5) io.err(`${f}: ${log.problemCount - 5} more lines not understood\n`);
      logs.push(log);
    } catch (e) {
      if (!(e instanceof LogFileError)) throw e;
      io.err(`${e.message}\n`);
      failed = true;
    }
  }
  return { logs, failed };
}
