/**
 * The event catalog: which events of which provider the log readers can name. Logs spell a
 * provider by name in any case (`[Microsoft-Windows-TCPIP]`, `microsoft-windows-tcpip` in a
 * hand-made CSV) or by GUID (tracerpt, unregistered manifests), so lookups normalise first.
 */
import type { EventSpec } from './eventSpec';
import { AFD_EVENTS, AFD_GUID, AFD_PROVIDER } from './afd';
import { TCPIP_EVENTS, TCPIP_GUID, TCPIP_PROVIDER } from './tcpip';
import { WINSOCK_SOCKETS_EVENTS, WINSOCK_SOCKETS_GUID, WINSOCK_SOCKETS_PROVIDER } from './winsockSockets';

export const PROVIDERS = {
  AFD: AFD_PROVIDER,
  TCPIP: TCPIP_PROVIDER,
  WINSOCK_SOCKETS: WINSOCK_SOCKETS_PROVIDER,
  /** Packets per component (pktmon); no catalog here: pktmonText.ts reads its pairs. */
  PKTMON: 'Microsoft-Windows-PktMon',
} as const;

export type CatalogProvider = typeof AFD_PROVIDER | typeof TCPIP_PROVIDER | typeof WINSOCK_SOCKETS_PROVIDER;

/** GUIDs of the notes (§1.1–1.4), lower-case without braces, to the provider's name. */
const BY_GUID = new Map<string, string>([
  [bare(AFD_GUID), AFD_PROVIDER],
  [bare(TCPIP_GUID), TCPIP_PROVIDER],
  [bare(WINSOCK_SOCKETS_GUID), WINSOCK_SOCKETS_PROVIDER],
  ['4d4f80d9-c8bd-4d73-bb5b-19c90402c5ac', PROVIDERS.PKTMON],
]);

const BY_LOWER_NAME = new Map<string, string>(Object.values(PROVIDERS).map((n) => [n.toLowerCase(), n]));

const SPECS = new Map<string, ReadonlyMap<number, EventSpec>>([
  [AFD_PROVIDER, byId(AFD_EVENTS)],
  [TCPIP_PROVIDER, byId(TCPIP_EVENTS)],
  [WINSOCK_SOCKETS_PROVIDER, byId(WINSOCK_SOCKETS_EVENTS)],
]);

const LISTS = new Map<string, readonly EventSpec[]>([
  [AFD_PROVIDER, AFD_EVENTS],
  [TCPIP_PROVIDER, TCPIP_EVENTS],
  [WINSOCK_SOCKETS_PROVIDER, WINSOCK_SOCKETS_EVENTS],
]);

function bare(guid: string): string {
  return guid.replace(/^\{|\}$/g, '').toLowerCase();
}

function byId(list: readonly EventSpec[]): ReadonlyMap<number, EventSpec> {
  return new Map(list.map((s) => [s.id, s]));
}

/**
 * The canonical name of a provider we know (by name in any case, or by GUID with or without
 * braces); any other text comes back trimmed but otherwise as written.
 */
export function normalizeProvider(provider: string): string {
  const t = provider.trim();
  const known = BY_LOWER_NAME.get(t.toLowerCase()) ?? BY_GUID.get(bare(t));
  return known ?? t;
}

/** Whether the catalog has events of this provider (AFD, TCPIP, Winsock-Sockets). */
export function isCatalogProvider(provider: string | null): boolean {
  return provider !== null && SPECS.has(normalizeProvider(provider));
}

export function eventSpec(provider: string, id: number): EventSpec | undefined {
  return SPECS.get(normalizeProvider(provider))?.get(id);
}

/** In the catalog's order (ids ascending within each family); empty for an unknown provider. */
export function specsOf(provider: string): readonly EventSpec[] {
  return LISTS.get(normalizeProvider(provider)) ?? [];
}
