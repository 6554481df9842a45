import { formatSeconds, type Timestamp } from '../capture/timestamp';
import type { CaptureSummary, CaptureWarning } from '../capture/types';
import { LOCAL_RULE_TEXT } from '../connections/localSides';
import { fdBitOf, formatMask } from '../model/fdEvents';
import { wsaName } from '../model/winsockErrors';
import type { CallSources } from './loggedCalls';
import { APP_MODEL_TEXT, type ReplayOptions } from './options';
import type { ReplayResult } from './replay';
import { endpointText, type SocketRole } from './socketPlan';
import type { SocketTimeline } from './timeline';

/**
 * `winsock-replay analyze --json`: a stable, versioned schema. Fields are only ever added; a
 * change in meaning gets a new schema version. Times are strings of exact decimal seconds.
 */
export const ANALYZE_SCHEMA = 'winsock-replay/analyze@1';

export type ErrorValue = 0 | string;

export interface AnalyzeEventView {
  readonly ts: string;
  readonly frames: readonly number[];
  readonly event: string;
  readonly error: ErrorValue;
  readonly rule: string;
  /** Which WSAEnumNetworkEvents call (or message) of this socket it is, from 1. */
  readonly report: number;
  /** WSAEventSelect: the lNetworkEvents of that call, in hex. */
  readonly lNetworkEvents?: string;
  /** WSAAsyncSelect: the message's lParam. */
  readonly lParam?: number;
  readonly divergence?: string;
}

export interface AnalyzeSocketView {
  readonly id: number;
  readonly role: SocketRole;
  readonly local: string;
  readonly remote: string | null;
  /** Zeek's conn_state and history of the socket's connection; null for a listener or a socket over several flows. */
  readonly connState: string | null;
  readonly history: string | null;
  /** The connections (ids as `winsock-replay connections` numbers them) the socket's story comes from. */
  readonly connections: readonly number[];
  /** An accepted socket's listener (its id), when the capture shows the handshake. */
  readonly listener?: number;
  /** Why this end was taken as local. */
  readonly localRule: string;
  readonly events: readonly AnalyzeEventView[];
  /** Events only the other profile reports (each line says what and why). */
  readonly otherProfile: readonly { ts: string; frames: readonly number[]; text: string }[];
  readonly diagnosis: readonly string[];
  /** Application model `log` only: which of the program's calls came from which log, and which were assumed. */
  readonly program?: CallSources;
}

export interface AnalyzeView {
  readonly schema: typeof ANALYZE_SCHEMA;
  readonly capture: {
    readonly file: string;
    readonly format: string;
    readonly bytes: number;
    readonly packets: number;
    readonly first: string | null;
    readonly last: string | null;
    readonly connections: number;
  };
  readonly options: {
    readonly profile: string;
    readonly api: string;
    readonly mask: string;
    readonly app: string;
    readonly appText: string;
    readonly local: readonly string[] | null;
  };
  readonly warnings: readonly string[];
  readonly sockets: readonly AnalyzeSocketView[];
}

/** What the capture header of the report says; `summary` comes from the reader. */
export interface CaptureFacts {
  readonly file: string;
  readonly summary: CaptureSummary;
  readonly first: Timestamp | null;
  readonly last: Timestamp | null;
  readonly connections: number;
  readonly warnings: readonly CaptureWarning[];
  readonly local: readonly string[] | null;
}

function errorValue(code: number): ErrorValue {
  return code === 0 ? 0 : wsaName(code);
}

export function analyzeView(capture: CaptureFacts, result: ReplayResult): AnalyzeView {
  return {
    schema: ANALYZE_SCHEMA,
    capture: captureView(capture),
    options: optionsView(result.options, capture.local),
    warnings: warningsView(capture.warnings, result.unplaced.length, []),
    sockets: result.sockets.map(socketView),
  };
}

export function captureView(capture: CaptureFacts): AnalyzeView['capture'] {
  return {
    file: capture.file,
    format: capture.summary.format,
    bytes: capture.summary.bytes,
    packets: capture.summary.packets,
    first: capture.first === null ? null : formatSeconds(capture.first),
    last: capture.last === null ? null : formatSeconds(capture.last),
    connections: capture.connections,
  };
}

export function optionsView(o: ReplayOptions, local: readonly string[] | null): AnalyzeView['options'] {
  return { profile: o.profile, api: o.api, mask: formatMask(o.mask), app: o.app, appText: APP_MODEL_TEXT[o.app], local };
}

/** Reading problems, connections left out, and caveats of the replay, one line each. */
export function warningsView(reading: readonly CaptureWarning[], unplaced: number, notes: readonly string[]): string[] {
  const warnings = reading.map((w) => `${w.severity}: ${w.message}`);
  if (unplaced > 0) {
    warnings.push(`${unplaced} connection${unplaced === 1 ? ' has' : 's have'} no local end (${LOCAL_RULE_TEXT.undecided}): not replayed`);
  }
  warnings.push(...notes);
  return warnings;
}

export function socketView(t: SocketTimeline): AnalyzeSocketView {
  const s = t.socket;
  const one = s.connections.length === 1 ? s.connections[0]! : null;
  // lNetworkEvents of each WSAEnumNetworkEvents call: the OR of its events.
  const masks = new Map<number, number>();
  for (const e of t.events) if (e.lParam === undefined) masks.set(e.report, (masks.get(e.report) ?? 0) | (1 << fdBitOf(e.event)!));
  const v: AnalyzeSocketView = {
    id: s.id,
    role: s.role,
    local: endpointText(s.ipVersion, s.localAddress, s.localPort),
    remote: s.remote === null ? null : endpointText(s.ipVersion, s.remote.address, s.remote.port),
    connState: one === null || s.role === 'listener' ? null : one.zeek.connState,
    history: one === null || s.role === 'listener' ? null : one.zeek.history,
    connections: s.role === 'listener' ? s.accepted.flatMap((a) => a.connections.map((c) => c.id)) : s.connections.map((c) => c.id),
    ...(s.listener !== null ? { listener: s.listener.id } : {}),
    localRule: s.localRule,
    events: t.events.map((e) => {
      const ev: { -readonly [K in keyof AnalyzeEventView]: AnalyzeEventView[K] } = {
        ts: formatSeconds(e.ts), frames: e.frames, event: e.event, error: errorValue(e.error), rule: e.rule, report: e.report,
      };
      if (e.lParam !== undefined) ev.lParam = e.lParam;
      else ev.lNetworkEvents = `0x${masks.get(e.report)!.toString(16)}`;
      if (e.divergence !== undefined) ev.divergence = e.divergence;
      return ev;
    }),
    otherProfile: t.otherOnly.map((x) => ({ ts: formatSeconds(x.ts), frames: x.frames, text: x.text })),
    diagnosis: t.diagnosis,
    ...(t.program !== undefined ? { program: t.program } : {}),
  };
  return v;
}
