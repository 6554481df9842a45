/**
 * Scenario files (`*.wsr.json`): "what would my program have seen if…". The conformance suite is
 * written in the same form. Parsing checks everything and names the step and field at fault.
 */
import { FD_ALL_EVENTS, FD_EVENTS, fdBitOf, SAN_ERRORS } from './fdEvents';
import type { InitialSocket, Layer } from './eventModel';
import type { Api } from './modelSocket';
import { isProfileName, type ProfileName } from './profile';
import { APP_NAMES, NET_NAMES, type AppCall, type AppName, type NetHappening, type NetName } from './steps';
import { isWsaError } from './winsockErrors';

export interface Scenario {
  readonly api: Api;
  readonly profile: ProfileName;
  readonly layer: Layer;
  readonly socket: InitialSocket;
  readonly options: { readonly SO_OOBINLINE: boolean };
  readonly steps: readonly ScenarioStep[];
  readonly title?: string;
}

export type ScenarioStep = AppCall | NetHappening;

export class ScenarioError extends Error {}

const TOP_FIELDS = new Set(['$schema', 'title', 'description', 'sources', 'expect', 'api', 'profile', 'layer', 'socket', 'options', 'steps']);
const SOCKETS: readonly InitialSocket[] = ['tcp', 'tcp-listener', 'tcp-accepted', 'udp'];
const APIS: readonly Api[] = ['WSAEventSelect', 'WSAAsyncSelect'];
const LAYERS: readonly Layer[] = ['api', 'spi', 'san'];

/** Fields each step kind may have besides `app`/`net`, `on` and (for calls) `result`. */
const APP_FIELDS: Record<AppName, readonly string[]> = {
  select: ['mask', 'event', 'window', 'message', 'api'],
  enum: ['event'],
  recv: ['bytes', 'flags'],
  send: ['bytes', 'sent'],
  connect: ['blocking'],
  bind: [],
  listen: [],
  accept: ['as'],
  shutdown: ['how'],
  closesocket: [],
  ioctl: ['code', 'value'],
  setsockopt: ['name', 'value'],
};

const NET_FIELDS: Record<NetName, readonly string[]> = {
  'connect-established': [],
  'connect-refused': ['error'],
  'connect-timeout': ['error'],
  'connect-unreachable': ['error'],
  'peer-connects': ['conn'],
  'peer-sends': ['bytes'],
  'peer-sends-oob': ['bytes'],
  datagram: ['bytes'],
  'peer-fin': [],
  'peer-rst': [],
  'local-rst': [],
  'peer-window-zero': [],
  'peer-window-open': [],
  'peer-unreachable': [],
  'qos-change': [],
  'address-list-change': [],
  'network-down': [],
  'routing-interface-change': ['error'],
};

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], where: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ScenarioError(`${where} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}; got ${JSON.stringify(v)}`);
  }
  return v as T;
}

function count(v: unknown, where: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ScenarioError(`${where} must be a whole number ≥ ${min}; got ${JSON.stringify(v)}`);
  return v;
}

function name(v: unknown, where: string): string {
  if (typeof v !== 'string' || !/^[A-Za-z_][\w.-]*$/.test(v)) throw new ScenarioError(`${where} must be a name (letters, digits, _ . -); got ${JSON.stringify(v)}`);
  return v;
}

/** Parses a scenario from its JSON text or value. `file` names it in messages. */
export function parseScenario(input: string | unknown, file = 'scenario'): Scenario {
  let v: unknown = input;
  if (typeof input === 'string') {
    try {
      v = JSON.parse(input);
    } catch (e) {
      throw new ScenarioError(`${file}: not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isObject(v)) throw new ScenarioError(`${file}: a scenario is a JSON object`);
  for (const k of Object.keys(v)) if (!TOP_FIELDS.has(k)) throw new ScenarioError(`${file}: unknown field "${k}"`);
  const at = (field: string): string => `${file}: "${field}"`;
  const api = v['api'] === undefined ? 'WSAEventSelect' : oneOf(v['api'], APIS, at('api'));
  const profileValue = v['profile'] ?? 'windows';
  if (typeof profileValue !== 'string' || !isProfileName(profileValue)) throw new ScenarioError(`${at('profile')} must be "windows" or "documented"; got ${JSON.stringify(profileValue)}`);
  const layer = v['layer'] === undefined ? 'api' : oneOf(v['layer'], LAYERS, at('layer'));
  if (layer === 'san' && api !== 'WSAEventSelect') throw new ScenarioError(`${at('layer')}: a SAN provider is driven by the switch through WSPEventSelect; "api" must be "WSAEventSelect"`);
  const socket = v['socket'] === undefined ? 'tcp' : oneOf(v['socket'], SOCKETS, at('socket'));
  let oobInline = false;
  if (v['options'] !== undefined) {
    const o = v['options'];
    if (!isObject(o)) throw new ScenarioError(`${at('options')} must be an object`);
    for (const [k, val] of Object.entries(o)) {
      if (k !== 'SO_OOBINLINE') throw new ScenarioError(`${file}: "options.${k}" is not a known option (SO_OOBINLINE)`);
      if (typeof val !== 'boolean') throw new ScenarioError(`${file}: "options.SO_OOBINLINE" must be true or false`);
      oobInline = val;
    }
  }
  const steps = v['steps'];
  if (!Array.isArray(steps)) throw new ScenarioError(`${at('steps')} must be an array`);
  const parsed = steps.map((s, i) => parseStep(s, i + 1, file, layer));
  const out: { -readonly [K in keyof Scenario]: Scenario[K] } = { api, profile: profileValue, layer, socket, options: { SO_OOBINLINE: oobInline }, steps: parsed };
  if (typeof v['title'] === 'string') out.title = v['title'];
  return out;
}

function parseStep(v: unknown, n: number, file: string, layer: Layer): ScenarioStep {
  if (!isObject(v)) throw new ScenarioError(`${file}: step ${n} must be an object with "app" or "net"`);
  const hasApp = v['app'] !== undefined;
  const hasNet = v['net'] !== undefined;
  if (hasApp === hasNet) throw new ScenarioError(`${file}: step ${n} needs exactly one of "app" and "net"`);
  if (hasApp) {
    const app = oneOf(v['app'], APP_NAMES, `${file}: step ${n}: "app"`);
    return parseApp(v, app, `${file}: step ${n} (${app})`, layer);
  }
  const net = oneOf(v['net'], NET_NAMES, `${file}: step ${n}: "net"`);
  return parseNet(v, net, `${file}: step ${n} (${net})`, layer);
}

function checkFields(v: Json, allowed: readonly string[], common: readonly string[], where: string): void {
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k) && !common.includes(k)) throw new ScenarioError(`${where}: unknown field "${k}"`);
  }
}

function parseMask(v: unknown, where: string): number {
  if (!Array.isArray(v)) throw new ScenarioError(`${where}: "mask" must be an array of FD_* names ([] cancels the selection)`);
  let mask = 0;
  for (const item of v) {
    if (item === 'FD_ALL_EVENTS') {
      mask |= FD_ALL_EVENTS;
      continue;
    }
    const bit = typeof item === 'string' ? fdBitOf(item) : undefined;
    if (bit === undefined) throw new ScenarioError(`${where}: "mask" has ${JSON.stringify(item)}, which is not an FD_* event`);
    mask |= 1 << bit;
  }
  return mask;
}

function parseApp(v: Json, app: AppName, where: string, layer: Layer): AppCall {
  checkFields(v, APP_FIELDS[app], ['app', 'on', 'result'], where);
  const on = v['on'] === undefined ? 's' : name(v['on'], `${where}: "on"`);
  const result = v['result'];
  let fail: string | undefined;
  let sendOutcome: 'ok' | 'partial' = 'ok';
  if (result !== undefined && result !== 'ok') {
    if (app === 'send' && result === 'partial') sendOutcome = 'partial';
    else if (typeof result !== 'string' || !isWsaError(result)) {
      throw new ScenarioError(`${where}: "result" must be "ok"${app === 'send' ? ', "partial"' : ''} or a Winsock error name (WSAE…); got ${JSON.stringify(result)}`);
    } else {
      fail = result;
    }
  }
  if (layer === 'san' && app === 'enum' && fail === 'WSAEINPROGRESS') {
    throw new ScenarioError(`${where}: a SAN provider never fails WSPEnumNetworkEvents with WSAEINPROGRESS (seed 001)`);
  }
  const base = fail === undefined ? { on } : { on, fail };
  switch (app) {
    case 'select': {
      const call: { -readonly [K in keyof Extract<AppCall, { app: 'select' }>]: Extract<AppCall, { app: 'select' }>[K] } = { ...base, app, mask: parseMask(v['mask'], where) };
      if (v['event'] !== undefined) call.event = name(v['event'], `${where}: "event"`);
      if (v['window'] !== undefined) call.window = name(v['window'], `${where}: "window"`);
      if (v['message'] !== undefined) call.message = name(v['message'], `${where}: "message"`);
      if (v['api'] !== undefined) call.api = oneOf(v['api'], APIS, `${where}: "api"`);
      return call;
    }
    case 'enum': {
      if (v['event'] === undefined) return { ...base, app };
      return { ...base, app, event: v['event'] === null ? null : name(v['event'], `${where}: "event"`) };
    }
    case 'recv': {
      const bytes = v['bytes'] === undefined || v['bytes'] === 'all' ? 'all' : count(v['bytes'], `${where}: "bytes"`, 1);
      const flags = v['flags'] ?? [];
      if (!Array.isArray(flags)) throw new ScenarioError(`${where}: "flags" must be an array`);
      for (const f of flags) if (f !== 'MSG_PEEK' && f !== 'MSG_OOB') throw new ScenarioError(`${where}: "flags" may hold "MSG_PEEK" and "MSG_OOB"; got ${JSON.stringify(f)}`);
      return { ...base, app, bytes, peek: flags.includes('MSG_PEEK'), oob: flags.includes('MSG_OOB') };
    }
    case 'send': {
      const bytes = count(v['bytes'], `${where}: "bytes"`, 1);
      if (v['sent'] !== undefined) {
        if (sendOutcome !== 'partial') throw new ScenarioError(`${where}: "sent" goes with "result": "partial"`);
        const sent = count(v['sent'], `${where}: "sent"`, 0);
        if (sent >= bytes) throw new ScenarioError(`${where}: a partial send takes fewer than "bytes" (${bytes}); "sent" is ${sent}`);
        return { ...base, app, bytes, outcome: sendOutcome, sent };
      }
      return { ...base, app, bytes, outcome: sendOutcome };
    }
    case 'connect': {
      const blocking = v['blocking'] ?? false;
      if (typeof blocking !== 'boolean') throw new ScenarioError(`${where}: "blocking" must be true or false`);
      return { ...base, app, blocking };
    }
    case 'accept':
      return v['as'] === undefined ? { ...base, app } : { ...base, app, as: name(v['as'], `${where}: "as"`) };
    case 'shutdown':
      return { ...base, app, how: oneOf(v['how'] ?? 'SD_SEND', ['SD_SEND', 'SD_RECEIVE', 'SD_BOTH'] as const, `${where}: "how"`) };
    case 'ioctl': {
      const code = oneOf(v['code'], ['SIO_GET_QOS', 'SIO_GET_GROUP_QOS', 'SIO_ROUTING_INTERFACE_CHANGE', 'SIO_ADDRESS_LIST_CHANGE', 'FIONBIO'] as const, `${where}: "code"`);
      if (v['value'] !== undefined && (code !== 'FIONBIO' || typeof v['value'] !== 'boolean')) throw new ScenarioError(`${where}: "value" (true or false) goes with FIONBIO only`);
      return v['value'] === undefined ? { ...base, app, code } : { ...base, app, code, value: v['value'] as boolean };
    }
    case 'setsockopt': {
      oneOf(v['name'], ['SO_OOBINLINE'] as const, `${where}: "name"`);
      if (typeof v['value'] !== 'boolean') throw new ScenarioError(`${where}: "value" must be true or false`);
      return { ...base, app, name: 'SO_OOBINLINE', value: v['value'] };
    }
    case 'bind': case 'listen': case 'closesocket':
      return { ...base, app };
  }
}

function allowedErrors(event: string, layer: Layer): readonly string[] {
  const san = layer === 'san' ? SAN_ERRORS[event as keyof typeof SAN_ERRORS] : undefined;
  return san ?? FD_EVENTS.find((e) => e.name === event)!.errors;
}

function parseNet(v: Json, net: NetName, where: string, layer: Layer): NetHappening {
  checkFields(v, NET_FIELDS[net], ['net', 'on', 'frame'], where);
  const on = v['on'] === undefined ? 's' : name(v['on'], `${where}: "on"`);
  const base = v['frame'] === undefined ? { on } : { on, frame: count(v['frame'], `${where}: "frame"`, 1) };
  switch (net) {
    case 'connect-refused': case 'connect-timeout': case 'connect-unreachable': case 'routing-interface-change': {
      if (v['error'] === undefined) return { ...base, net };
      const event = net === 'routing-interface-change' ? 'FD_ROUTING_INTERFACE_CHANGE' : 'FD_CONNECT';
      const allowed = allowedErrors(event, layer);
      const error = oneOf(v['error'], allowed, `${where}: "error" (the errors ${event} may carry${layer === 'san' ? ' from a SAN provider, seed 001' : ''})`);
      return { ...base, net, error };
    }
    case 'peer-connects':
      return v['conn'] === undefined ? { ...base, net } : { ...base, net, conn: name(v['conn'], `${where}: "conn"`) };
    case 'peer-sends': case 'peer-sends-oob': case 'datagram':
      return { ...base, net, bytes: v['bytes'] === undefined && net === 'peer-sends-oob' ? 1 : count(v['bytes'], `${where}: "bytes"`, net === 'datagram' ? 0 : 1) };
    default:
      return { ...base, net };
  }
}
