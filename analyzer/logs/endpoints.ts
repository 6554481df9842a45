/**
 * Endpoints as logs write them, made comparable with the capture's: Windows prints a dual-stack
 * socket's IPv4 peer as `::ffff:10.0.0.5`, a listener bound to any address as `0.0.0.0` or
 * `::`, IPv6 with a zone (`fe80::1%12`) and in either case.
 */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export function parseEndpoint(text: string): Endpoint | null {
  const t = text.trim();
  let address: string;
  let port: string;
  if (t.startsWith('[')) {
    const close = t.indexOf(']');
    if (close < 0 || t[close + 1] !== ':') return null;
    address = t.slice(1, close);
    port = t.slice(close + 2);
  } else {
    const colon = t.lastIndexOf(':');
    if (colon <= 0) return null;
    address = t.slice(0, colon);
    port = t.slice(colon + 1);
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return null;
  return { address: normalizeAddress(address), port: Number(port) };
}

export function normalizeAddress(a: string): string {
  let s = a.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.startsWith('::ffff:') && s.includes('.')) s = s.slice(7);
  return s;
}

export function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '';
}

/** Same endpoint; a wildcard address (a listener bound to any address) matches any address. */
export function endpointMatches(logged: Endpoint, actual: Endpoint): boolean {
  if (logged.port !== actual.port) return false;
  return isWildcard(logged.address) || logged.address === normalizeAddress(actual.address);
}
