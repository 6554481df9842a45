/**
 * What the command line says about a capture, for the UI tests to hold the editor's page against:
 * `winsock-replay analyze|packets|info … --json`, run in this process through the CLI's own entry
 * (analyzer/cli/main.ts), and the few conversions from its exact timestamps to the texts the
 * page shows. The conversions work on the digits (BigInt), not on the page's code.
 */

import { main } from '../../analyzer/cli/main';

export interface AnalyzeJson {
  readonly options: { readonly profile: string; readonly api: string; readonly mask: string; readonly app: string; readonly local: readonly string[] | null };
  readonly capture: { readonly format: string; readonly packets: number; readonly connections: number; readonly first: string | null };
  readonly sockets: readonly SocketJson[];
}

export interface SocketJson {
  readonly id: number;
  readonly role: string;
  readonly local: string;
  readonly remote: string | null;
  readonly connState: string | null;
  readonly history: string | null;
  readonly events: readonly { readonly event: string; readonly error: number | string; readonly frames: readonly number[]; readonly report: number }[];
}

export interface PacketJson {
  readonly n: number;
  readonly ts: string;
  readonly len: number;
  readonly src: string;
  readonly dst: string;
  readonly proto: string;
  readonly sport: number;
  readonly dport: number;
}

/** The options of `analyze` as the editor's header names them (its "Options in force" buttons). */
export interface OptionsInForce {
  readonly profile: string;
  readonly api: string;
  /** `FD_READ|FD_CLOSE (0x21)`: the value is the hex in brackets. */
  readonly mask: string;
  readonly app: string;
  /** null: decided from the capture. */
  readonly local: readonly string[] | null;
}

async function run(args: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await main(args, (s) => void (out += s), (s) => void (err += s));
  if (code !== 0) throw new Error(`winsock-replay ${args.join(' ')} exited with ${code}: ${err}`);
  return out;
}

export async function analyze(file: string, o: OptionsInForce): Promise<AnalyzeJson> {
  const mask = /\((0x[0-9a-f]+)\)$/i.exec(o.mask)?.[1];
  if (mask === undefined) throw new Error(`no hex mask in ${JSON.stringify(o.mask)}`);
  const local = o.local === null ? [] : ['--local', o.local.join(',')];
  return JSON.parse(await run(['analyze', file, '--json', '--profile', o.profile, '--api', o.api, '--mask', mask, '--app', o.app, ...local])) as AnalyzeJson;
}

export async function packets(file: string): Promise<PacketJson[]> {
  return (await run(['packets', file, '--json'])).trim().split('\n').map((l) => JSON.parse(l) as PacketJson);
}

export async function info(file: string): Promise<{ readonly format: string; readonly packets: number; readonly firstTimeUtc: string }> {
  return JSON.parse(await run(['info', file, '--json'])) as { format: string; packets: number; firstTimeUtc: string };
}

/** `<s>.<9 digits>` → ns. */
function ns(ts: string): bigint {
  const [s, f = ''] = ts.split('.');
  return BigInt(s!) * 1_000_000_000n + BigInt(f.padEnd(9, '0').slice(0, 9));
}

/** Seconds from `from` to `to`, cut to whole microseconds: `0.100845`. */
export function seconds(from: string, to: string): string {
  const us = (ns(to) - ns(from)) / 1000n;
  const sign = us < 0n ? '-' : '';
  const a = us < 0n ? -us : us;
  return `${sign}${a / 1_000_000n}.${(a % 1_000_000n).toString().padStart(6, '0')}`;
}

/** `2026-11-21 16:19:55.400818787`: UTC, to the nanosecond. */
export function utc(ts: string): string {
  const [s, f = ''] = ts.split('.');
  return `${new Date(Number(s) * 1000).toISOString().slice(0, 19).replace('T', ' ')}.${f.padEnd(9, '0')}`;
}

/** An event as the page and the CLI's text name it: `FD_CLOSE(WSAECONNABORTED)`. */
export function eventText(e: SocketJson['events'][number]): string {
  return e.error === 0 ? e.event : `${e.event}(${e.error})`;
}

/** `FD_ACCEPT ×3 → FD_CLOSE` back into one name per event; `(no events)` into none. */
export function expandOutcome(outcome: string): string[] {
  if (outcome === '(no events)') return [];
  return outcome.split(' → ').flatMap((part) => {
    const m = /^(.*) ×(\d+)$/.exec(part);
    return m === null ? [part] : Array<string>(Number(m[2])).fill(m[1]!);
  });
}
