import type { Timestamp } from '../capture/timestamp';
import { ConnectionsCollector } from '../connections/connectionsCollector';
import { parseLocalAddresses } from '../connections/localSides';
import { readCaptureFile } from '../io/readCaptureFile';
import { analyzeView } from '../replay/analyzeView';
import { analyzeMarkdown } from '../replay/markdown';
import { DEFAULT_OPTIONS, OptionError, parseApi, parseAppModel, parseMask, parseProfile, type ReplayOptions } from '../replay/options';
import { replayConnections } from '../replay/replay';
import { UsageError, type ParsedArgs } from './args';
import { analyzeText } from './analyzeText';
import { captureArgument, warningLine, type Output } from './output';
import { Progress } from './progress';

const KNOWN_FLAGS = new Set(['json', 'markdown', 'local', 'profile', 'api', 'mask', 'app', 'color', 'no-color']);

/** The replay options a command line asks for (shared by `analyze` and `annotate`). */
export function replayOptionsFrom(args: ParsedArgs): { options: ReplayOptions; local: string[] | null } {
  const value = (name: string): string | undefined => {
    const v = args.flags.get(name);
    if (v === true) throw new UsageError(`option --${name} needs a value`);
    return v;
  };
  try {
    const profile = value('profile');
    const api = value('api');
    const mask = value('mask');
    const app = value('app');
    const localText = value('local');
    const options: ReplayOptions = {
      profile: profile === undefined ? DEFAULT_OPTIONS.profile : parseProfile(profile),
      api: api === undefined ? DEFAULT_OPTIONS.api : parseApi(api),
      mask: mask === undefined ? DEFAULT_OPTIONS.mask : parseMask(mask),
      app: app === undefined ? DEFAULT_OPTIONS.app : parseAppModel(app),
    };
    let local: string[] | null = null;
    if (localText !== undefined) {
      try {
        local = parseLocalAddresses(localText);
      } catch (e) {
        throw new UsageError(`--local: ${(e as Error).message}`);
      }
    }
    return { options, local };
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
}

/** Reads a capture through the connections stage and replays it: what `analyze` and `annotate` share. */
export async function analyzeCapture(file: string, args: ParsedArgs, io: Output) {
  const { options, local } = replayOptionsFrom(args);
  const collector = new ConnectionsCollector(local);
  const warnings: import('../capture/types').CaptureWarning[] = [];
  let last: Timestamp | null = null;
  const progress = new Progress(io, file);
  const summary = await readCaptureFile(
    file,
    {
      iface: (i) => collector.iface(i),
      packet: (p) => {
        last = p.ts;
        collector.packet(p);
      },
      warning: (w) => {
        warnings.push(w);
        io.err(warningLine(file, w));
      },
    },
    { reuseRecords: true, onProgress: (done, total) => progress.update(done, total) },
  );
  progress.done();
  const connections = collector.result();
  const result = replayConnections(connections.connections, (r) => connections.local.decide(r), options);
  const view = analyzeView(
    { file, summary, first: connections.firstTs, last, connections: connections.connections.length, warnings, local },
    result,
  );
  return { view, result, errors: warnings.filter((w) => w.severity === 'error').length };
}

/**
 * `analyze <capture> [--profile] [--api] [--mask] [--app] [--local] [--json | --markdown]`: every
 * local socket's FD_* timeline. JSON follows analyzer/replay/analyzeView.ts (schema
 * winsock-replay/analyze@1).
 */
export async function analyzeCommand(args: ParsedArgs, io: Output): Promise<number> {
  for (const f of args.flags.keys()) if (!KNOWN_FLAGS.has(f)) throw new UsageError(`unknown option --${f} for analyze`);
  if (args.flags.has('json') && args.flags.has('markdown')) throw new UsageError('--json and --markdown exclude each other');
  const file = captureArgument(args.positional);
  const { view, errors } = await analyzeCapture(file, args, io);
  if (args.flags.has('json')) io.out(JSON.stringify(view) + '\n');
  else if (args.flags.has('markdown')) io.out(analyzeMarkdown(view));
  else {
    const color = args.flags.has('color') || (io.outIsTTY === true && !args.flags.has('no-color'));
    io.out(analyzeText(view, color));
  }
  return errors > 0 ? 1 : 0;
}
