/**
 * Runs a scenario through the event model and reports each step in the stable JSON shape of
 * `winsock-replay simulate --json`. The other profile runs beside it, step for step, so every
 * step whose visible outcome differs between the two carries a one-line divergence note.
 */
import { EventModel, type Layer } from './eventModel';
import { formatMask } from './fdEvents';
import type { Api } from './modelSocket';
import { PROFILES, type ProfileName } from './profile';
import { rule } from './rules';
import type { Scenario, ScenarioStep } from './scenario';
import { ImpossibleStep, type Notice, type StepOutcome } from './steps';
import { wsaName } from './winsockErrors';

export type ErrorValue = 0 | string;

export interface SimulatedStep {
  /** 1-based, as in error messages. */
  readonly step: number;
  /** The call or happening as the user's layer names it, e.g. `WSAEventSelect(s, FD_READ|FD_CLOSE (0x21))`. */
  readonly label: string;
  readonly result: 'ok' | string;
  readonly returned?: number;
  readonly reported?: readonly { event: string; error: ErrorValue }[];
  readonly posted?: readonly { socket: string; event: string; error: ErrorValue; lParam: number }[];
  /** The state of the event object of the step's socket after the step (false when it has none). */
  readonly signaled: boolean;
  /** Why: each thing the model did or did not do, with its rule. */
  readonly why: readonly WhyLine[];
  /** Present when the other profile's outcome of this step differs: one line saying how and why. */
  readonly divergence?: string;
}

export interface WhyLine {
  readonly socket: string;
  readonly what: Notice['what'];
  readonly event?: string;
  readonly error?: ErrorValue;
  readonly rule: string;
  readonly text: string;
  readonly detail?: string;
}

export interface Simulation {
  readonly profile: ProfileName;
  readonly api: Api;
  readonly layer: Layer;
  readonly steps: readonly SimulatedStep[];
}

export class SimulationError extends Error {}

/** Function names per layer: users at the SPI level read WSPEventSelect, WPUPostMessage … */
const SPI_NAMES: Record<string, string> = {
  WSAEventSelect: 'WSPEventSelect', WSAAsyncSelect: 'WSPAsyncSelect', enum: 'WSPEnumNetworkEvents', recv: 'WSPRecv', send: 'WSPSend',
  connect: 'WSPConnect', bind: 'WSPBind', listen: 'WSPListen', accept: 'WSPAccept', shutdown: 'WSPShutdown',
  closesocket: 'WSPCloseSocket', ioctl: 'WSPIoctl', setsockopt: 'WSPSetSockOpt', post: 'WPUPostMessage',
};
const API_NAMES: Record<string, string> = {
  WSAEventSelect: 'WSAEventSelect', WSAAsyncSelect: 'WSAAsyncSelect', enum: 'WSAEnumNetworkEvents', recv: 'recv', send: 'send',
  connect: 'connect', bind: 'bind', listen: 'listen', accept: 'accept', shutdown: 'shutdown',
  closesocket: 'closesocket', ioctl: 'WSAIoctl', setsockopt: 'setsockopt', post: 'PostMessage',
};

export function functionName(layer: Layer, what: string): string {
  return (layer === 'api' ? API_NAMES : SPI_NAMES)[what] ?? what;
}

export function simulate(scenario: Scenario, profileOverride?: ProfileName): Simulation {
  const profile = profileOverride ?? scenario.profile;
  const other: ProfileName = profile === 'windows' ? 'documented' : 'windows';
  const main = start(scenario, profile);
  let twin: EventModel | null = start(scenario, other);
  const steps: SimulatedStep[] = [];
  scenario.steps.forEach((st, i) => {
    const n = i + 1;
    let outcome: StepOutcome;
    try {
      outcome = run(main, st);
    } catch (e) {
      if (e instanceof ImpossibleStep) throw new SimulationError(`step ${n} (${'app' in st ? st.app : st.net}): ${e.message}`);
      throw e;
    }
    let twinOutcome: StepOutcome | null = null;
    if (twin !== null) {
      try {
        twinOutcome = run(twin, st);
      } catch (e) {
        if (!(e instanceof ImpossibleStep)) throw e;
        twin = null;
      }
    }
    const report = view(scenario, main, st, n, outcome);
    const divergence = twinOutcome === null ? undefined : divergenceNote(report, view(scenario, twin!, st, n, twinOutcome), outcome, twinOutcome, other);
    steps.push(divergence === undefined ? report : { ...report, divergence });
  });
  return { profile, api: scenario.api, layer: scenario.layer, steps };
}

function start(scenario: Scenario, profile: ProfileName): EventModel {
  const m = new EventModel(PROFILES[profile], scenario.api, scenario.layer);
  m.createSocket('s', scenario.socket);
  if (scenario.options.SO_OOBINLINE) m.socket('s')!.oobInline = true;
  return m;
}

function run(m: EventModel, st: ScenarioStep): StepOutcome {
  return 'app' in st ? m.app(st) : m.net(st);
}

function errorValue(code: number): ErrorValue {
  return code === 0 ? 0 : wsaName(code);
}

function view(scenario: Scenario, m: EventModel, st: ScenarioStep, n: number, o: StepOutcome): SimulatedStep {
  const out: { -readonly [K in keyof SimulatedStep]: SimulatedStep[K] } = {
    step: n,
    label: label(scenario, st),
    result: o.result === 0 ? 'ok' : wsaName(o.result),
    signaled: m.signaled(st.on),
    why: o.notices.map(whyLine),
  };
  if (o.returned !== undefined) out.returned = o.returned;
  if (o.reported !== undefined) out.reported = o.reported.map((r) => ({ event: r.event, error: errorValue(r.error) }));
  if (o.posted.length > 0) out.posted = o.posted.map((p) => ({ socket: p.socket, event: p.event, error: errorValue(p.error), lParam: p.lParam }));
  return out;
}

function whyLine(n: Notice): WhyLine {
  const w: { -readonly [K in keyof WhyLine]: WhyLine[K] } = { socket: n.socket, what: n.what, rule: n.rule, text: rule(n.rule).text };
  if (n.event !== undefined) w.event = n.event;
  if (n.error !== undefined) w.error = errorValue(n.error);
  if (n.detail !== undefined) w.detail = n.detail;
  return w;
}

export function label(scenario: Scenario, st: ScenarioStep): string {
  const layer = scenario.layer;
  if ('net' in st) {
    const args = 'bytes' in st ? ` ${st.bytes} bytes` : 'error' in st && st.error !== undefined ? ` ${st.error}` : '';
    return `net ${st.net}${args} → ${st.on}${st.frame !== undefined ? ` (frame ${st.frame})` : ''}`;
  }
  const f = (what: string): string => functionName(layer, what);
  const fails = st.fail !== undefined ? ` ⇒ ${st.fail}` : '';
  switch (st.app) {
    case 'select': {
      const api = st.api ?? scenario.api;
      const target = api === 'WSAEventSelect' ? st.event ?? 'hEvent' : `${st.window ?? 'hWnd'}, ${st.message ?? 'WM_SOCKET'}`;
      return `${f(api)}(${st.on}, ${target}, ${formatMask(st.mask)})${fails}`;
    }
    case 'enum': return `${f('enum')}(${st.on}, ${st.event === null ? 'NULL' : st.event ?? 'hEvent'})${fails}`;
    case 'recv': return `${f('recv')}(${st.on}, ${st.bytes}${st.peek ? ', MSG_PEEK' : ''}${st.oob ? ', MSG_OOB' : ''})${fails}`;
    case 'send': return `${f('send')}(${st.on}, ${st.bytes})${st.outcome === 'partial' ? ' ⇒ short' : fails}`;
    case 'connect': return `${f('connect')}(${st.on}${st.blocking ? ', blocking' : ''})${fails}`;
    case 'accept': return `${f('accept')}(${st.on})${st.as !== undefined ? ` → ${st.as}` : ''}${fails}`;
    case 'shutdown': return `${f('shutdown')}(${st.on}, ${st.how})${fails}`;
    case 'ioctl': return `${f('ioctl')}(${st.on}, ${st.code}${st.value !== undefined ? `, ${st.value}` : ''})${fails}`;
    case 'setsockopt': return `${f('setsockopt')}(${st.on}, SO_OOBINLINE, ${st.value})${fails}`;
    default: return `${f(st.app)}(${st.on})${fails}`;
  }
}

function summary(s: SimulatedStep): string {
  const parts: string[] = [s.result];
  if (s.reported !== undefined) parts.push(s.reported.length === 0 ? 'no events' : s.reported.map((r) => `${r.event}(${r.error})`).join(' '));
  if (s.posted !== undefined) parts.push(`posts ${s.posted.map((p) => `${p.event}(${p.error})`).join(' ')}`);
  parts.push(s.signaled ? 'event set' : 'event not set');
  return parts.join(', ');
}

function same(a: SimulatedStep, b: SimulatedStep): boolean {
  return a.result === b.result && a.returned === b.returned && a.signaled === b.signaled &&
    JSON.stringify(a.reported) === JSON.stringify(b.reported) && JSON.stringify(a.posted ?? []) === JSON.stringify(b.posted ?? []);
}

/**
 * The profile-specific rules behind the two outcomes: the rules that recorded what is reported
 * or posted, and those the step applied. The first that carries a divergence text explains it.
 */
function divergenceNote(mine: SimulatedStep, theirs: SimulatedStep, a: StepOutcome, b: StepOutcome, other: ProfileName): string | undefined {
  if (same(mine, theirs)) return undefined;
  const ids = [...rulesOf(a), ...rulesOf(b)];
  const why = ids.map(rule).find((r) => r.profile !== 'both' && r.divergence !== undefined);
  const reason = why === undefined ? '' : ` (${why.profile === other ? `${other}: ${why.text}` : why.divergence})`;
  return `${other} profile: ${summary(theirs)}${reason}`;
}

function rulesOf(o: StepOutcome): string[] {
  return [
    ...(o.reported ?? []).map((r) => r.rule),
    ...o.posted.map((p) => p.rule),
    ...o.notices.map((n) => n.rule),
  ];
}

