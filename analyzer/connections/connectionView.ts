import { formatSeconds, diffNanoseconds, type Timestamp } from '../capture/timestamp';
import { formatNanoseconds } from '../capture/captureInfoView';
import type { Happening } from './happenings';
import type { LocalDecision, LocalRule } from './localSides';
import type { ConnectionRecord, DirectionStats, Protocol, RoleRule } from './record';

/*
 * The JSON-safe form of a connection: what `connections --json` prints (one per line) and what
 * the views receive. Times are decimal strings of seconds (never floats: they must stay exact).
 * This schema is stable; add fields, never rename or remove them.
 */

export interface EndpointView {
  readonly address: string;
  readonly port: number;
  readonly local: boolean;
}

export type HappeningView = Omit<Happening, 'ts'> & { readonly ts: string };

export interface ConnectionView {
  readonly id: number;
  readonly protocol: Protocol;
  readonly ipVersion: 4 | 6;
  readonly client: EndpointView;
  readonly server: EndpointView;
  readonly localRule: LocalRule;
  readonly roleRule: RoleRule;
  readonly start: string;
  readonly end: string;
  readonly duration: string;
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly partial: boolean;
  readonly reusedPort: boolean;
  /** Zeek conn.log vocabulary. */
  readonly connState: string;
  readonly history: string;
  /** False when Zeek's originator is our server (its history letters then read the other way). */
  readonly zeekOrigIsClient: boolean;
  readonly toServer: DirectionStats;
  readonly toClient: DirectionStats;
  readonly notes: readonly string[];
  readonly happenings?: readonly HappeningView[];
}

export function connectionView(r: ConnectionRecord, local: LocalDecision, withHappenings: boolean): ConnectionView {
  const v: ConnectionView = {
    id: r.id,
    protocol: r.protocol,
    ipVersion: r.ipVersion,
    client: { address: r.client.address, port: r.client.port, local: local.client },
    server: { address: r.server.address, port: r.server.port, local: local.server },
    localRule: local.rule,
    roleRule: r.roleRule,
    start: formatSeconds(r.start),
    end: formatSeconds(r.end),
    duration: formatNanoseconds(diffNanoseconds(r.end, r.start)),
    firstFrame: r.firstFrame,
    lastFrame: r.lastFrame,
    partial: r.partial,
    reusedPort: r.reusedPort,
    connState: r.zeek.connState,
    history: r.zeek.history,
    zeekOrigIsClient: r.zeek.origIsClient,
    toServer: r.toServer,
    toClient: r.toClient,
    notes: r.notes,
  };
  return withHappenings ? { ...v, happenings: r.happenings.map(happeningView) } : v;
}

export function happeningView(h: Happening): HappeningView {
  return { ...h, ts: formatSeconds(h.ts) } as HappeningView;
}

/** Seconds of `ts` after `origin`, as "1.234567" (microseconds: enough to read, exact in JSON). */
export function relativeSeconds(ts: Timestamp, origin: Timestamp): string {
  const ns = diffNanoseconds(ts, origin);
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const us = a / 1000n;
  return `${neg ? '-' : ''}${us / 1_000_000n}.${(us % 1_000_000n).toString().padStart(6, '0')}`;
}
