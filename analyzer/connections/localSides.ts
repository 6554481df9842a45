import type { InterfaceInfo } from '../capture/types';
import { canonicalIp } from '../decode/address';
import type { ConnectionRecord } from './record';

/**
 * Which rule decided that an end is a socket of the diagnosed host, strongest first:
 * - `option`: the user named the host's addresses (`--local`);
 * - `loopback`: both ends are on one host (127.0.0.0/8, ::1, or the same address), so both are local;
 * - `interface-address`: the capture interface's own addresses (pcapng if_IPv4addr / if_IPv6addr);
 * - `direction-flags`: packets marked inbound/outbound by the capture (pcapng epb_flags);
 * - `common-address`: the one address every connection in the capture has;
 * - `windows-ttl`: the one end whose packets carry Windows' initial TTL / hop limit, 128: a
 *   capture taken on the Windows host shows its own packets before any router decrements them;
 * - `undecided`: none of the above: no end is taken as local (pass `--local`).
 */
export type LocalRule =
  | 'option' | 'loopback' | 'interface-address' | 'direction-flags' | 'common-address' | 'windows-ttl' | 'undecided';

export interface LocalDecision {
  readonly client: boolean;
  readonly server: boolean;
  readonly rule: LocalRule;
}

export const LOCAL_RULE_TEXT: Readonly<Record<LocalRule, string>> = {
  'option': 'the addresses given with --local',
  'loopback': 'both ends on this host (loopback)',
  'interface-address': "the capture interface's addresses (pcapng if_IPv4addr/if_IPv6addr)",
  'direction-flags': 'inbound/outbound flags on the packets (pcapng epb_flags)',
  'common-address': 'the address common to all connections',
  'windows-ttl': "the end sending with Windows' initial TTL (128)",
  'undecided': 'undecided: no evidence of the local host (use --local)',
};

/**
 * Decides the local side of each connection. Evidence that only the whole capture gives (the
 * address common to all connections) is gathered while connections stream past; decisions are
 * asked for afterwards.
 */
export class LocalSides {
  private readonly explicit: ReadonlySet<string> | null;
  private readonly interfaceAddresses = new Set<string>();
  /**
   * The addresses every connection so far has (at most two: the first connection's), narrowed as
   * connections come: asking is then O(1) however many connections there are.
   */
  private common: string[] | null = null;

  /** `explicit`: addresses given by the user, already canonical (see `parseLocalAddresses`). */
  constructor(explicit: readonly string[] | null = null) {
    this.explicit = explicit === null || explicit.length === 0 ? null : new Set(explicit);
  }

  iface(info: InterfaceInfo): void {
    for (const a of info.ipv4Addresses) this.addInterfaceAddress(a.address);
    for (const a of info.ipv6Addresses) this.addInterfaceAddress(a.address);
  }

  private addInterfaceAddress(text: string): void {
    const c = canonicalIp(text);
    // 0.0.0.0 / :: say nothing about the host.
    if (c !== null && c !== '0.0.0.0' && c !== '::') this.interfaceAddresses.add(c);
  }

  /** Counts one connection's addresses (call once per connection). */
  see(clientAddress: string, serverAddress: string): void {
    if (this.common === null) {
      this.common = clientAddress === serverAddress ? [clientAddress] : [clientAddress, serverAddress];
    } else if (this.common.length > 0) {
      this.common = this.common.filter((a) => a === clientAddress || a === serverAddress);
    }
  }

  /** The address every connection has, when exactly one address does. */
  commonAddress(): string | null {
    return this.common !== null && this.common.length === 1 ? this.common[0]! : null;
  }

  /** How many addresses every connection so far has: 0 stays 0, 1 is `commonAddress()`, 2 may still narrow to one. */
  commonCount(): number {
    return this.common?.length ?? 0;
  }

  get hasInterfaceAddresses(): boolean {
    return this.interfaceAddresses.size > 0;
  }

  decide(r: Pick<ConnectionRecord, 'client' | 'server'>): LocalDecision {
    const ca = r.client.address;
    const sa = r.server.address;
    if (this.explicit !== null) return { client: this.explicit.has(ca), server: this.explicit.has(sa), rule: 'option' };
    if (ca === sa || (isLoopback(ca) && isLoopback(sa))) return { client: true, server: true, rule: 'loopback' };
    const ci = this.interfaceAddresses.has(ca);
    const si = this.interfaceAddresses.has(sa);
    if (ci || si) return { client: ci, server: si, rule: 'interface-address' };
    // An outbound packet left the host from its sender; an inbound one arrived at its receiver.
    const clientFlagged = r.client.outboundFlagged + r.server.inboundFlagged > 0;
    const serverFlagged = r.server.outboundFlagged + r.client.inboundFlagged > 0;
    if (clientFlagged || serverFlagged) return { client: clientFlagged, server: serverFlagged, rule: 'direction-flags' };
    const common = this.commonAddress();
    if (common !== null && (common === ca || common === sa)) {
      return { client: common === ca, server: common === sa, rule: 'common-address' };
    }
    const clientWindows = r.client.ttl === WINDOWS_TTL;
    if (clientWindows !== (r.server.ttl === WINDOWS_TTL)) {
      return { client: clientWindows, server: !clientWindows, rule: 'windows-ttl' };
    }
    return { client: false, server: false, rule: 'undecided' };
  }
}

/** Windows' DefaultTTL and IPv6 hop limit. */
const WINDOWS_TTL = 128;

function isLoopback(a: string): boolean {
  return a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.');
}

/** Parses `--local 10.0.0.5,fe80::1`; throws with the offending item when one is not an address. */
export function parseLocalAddresses(text: string): string[] {
  const out: string[] = [];
  for (const item of text.split(',')) {
    const t = item.trim();
    if (t === '') continue;
    const c = canonicalIp(t);
    if (c === null) throw new Error(`"${t}" is not an IPv4 or IPv6 address`);
    out.push(c);
  }
  if (out.length === 0) throw new Error('no address given');
  return out;
}
