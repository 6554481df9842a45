import { readTextFile } from '../io/readTextFile';
import { isProfileName } from '../model/profile';
import { parseScenario, ScenarioError } from '../model/scenario';
import { functionName, simulate, SimulationError, type Simulation, type SimulatedStep } from '../model/simulate';
import { UsageError, type ParsedArgs } from './args';
import type { Output } from './output';

const KNOWN_FLAGS = new Set(['json', 'profile', 'why']);

/**
 * `simulate <scenario.json> [--profile windows|documented] [--json] [--why]`: runs a scenario
 * through the event model. Status 1 for an invalid scenario (the message names the step and
 * field), 2 for usage errors.
 */
export async function simulateCommand(args: ParsedArgs, io: Output): Promise<number> {
  for (const f of args.flags.keys()) if (!KNOWN_FLAGS.has(f)) throw new UsageError(`unknown option --${f} for simulate`);
  const file = args.positional[0];
  if (file === undefined) throw new UsageError('missing scenario file');
  if (args.positional.length > 1) throw new UsageError(`one scenario file expected, got ${args.positional.length}`);
  const profileFlag = args.flags.get('profile');
  if (profileFlag !== undefined && (profileFlag === true || !isProfileName(profileFlag))) {
    throw new UsageError('--profile must be "windows" or "documented"');
  }
  const text = await readTextFile(file);
  let sim: Simulation;
  try {
    sim = simulate(parseScenario(text, file), profileFlag === undefined ? undefined : profileFlag);
  } catch (e) {
    if (e instanceof ScenarioError) {
      io.err(`winsock-replay: ${e.message}\n`);
      return 1;
    }
    if (e instanceof SimulationError) {
      io.err(`winsock-replay: ${file}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (args.flags.has('json')) {
    io.out(JSON.stringify({ profile: sim.profile, api: sim.api, layer: sim.layer, steps: sim.steps }) + '\n');
    return 0;
  }
  io.out(textReport(file, sim, args.flags.has('why')));
  return 0;
}

/** The text view: one block per step; --why adds the rules behind each line. */
export function textReport(file: string, sim: Simulation, why: boolean): string {
  const lines: string[] = [`${file}: ${sim.api} · profile ${sim.profile}${sim.layer !== 'api' ? ` · ${sim.layer.toUpperCase()} level` : ''}`];
  for (const s of sim.steps) lines.push(...stepLines(s, sim, why));
  return lines.join('\n') + '\n';
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function stepLines(s: SimulatedStep, sim: Simulation, why: boolean): string[] {
  const out: string[] = [];
  const returned = s.returned !== undefined ? ` (${s.returned} bytes)` : '';
  out.push(`${String(s.step).padStart(3)}  ${s.label}  →  ${s.result}${returned}  · event ${s.signaled ? 'set' : 'not set'}`);
  if (s.reported !== undefined) {
    out.push(`       reported: ${s.reported.length === 0 ? 'nothing' : s.reported.map((r) => `${r.event} (error ${r.error})`).join(', ')}`);
  }
  for (const p of s.posted ?? []) {
    out.push(`       ${functionName(sim.layer, 'post')} wParam=${p.socket} lParam=${hex(p.lParam)} (${p.lParam}): ${p.event}, error ${p.error}`);
  }
  if (why) {
    for (const w of s.why) {
      const what = [w.what, w.event, w.error !== undefined && w.error !== 0 ? String(w.error) : undefined].filter((x) => x !== undefined).join(' ');
      out.push(`       · ${w.socket}: ${what}: ${w.text} [${w.rule}]${w.detail !== undefined ? ` (${w.detail})` : ''}`);
    }
  }
  if (s.divergence !== undefined) out.push(`       ≠ ${s.divergence}`);
  return out;
}
