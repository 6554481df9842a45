/**
 * Values as ETW text tools render them, decoded. netsh/tracerpt print a field by its manifest
 * out-type: pointers `0xFFFFE189BD811AA0`, numbers in decimal (sometimes hex, or `5 (0x5)`),
 * mapped values `4(EstablishedState)`, booleans `0(FALSE)`, sockaddrs `ip:port` (TCPIP prints
 * IPv6 as `addr:port` without brackets), NTSTATUS as hex, signed or unsigned decimal, or a name.
 * The AFD renderings are unverified (no public sample), so every decoder here reads the leading
 * value and ignores what follows it instead of insisting on an exact shape.
 */
import { canonicalIp } from '../decode/address';
import { endpointText } from '../replay/socketPlan';
import type { EndpointText } from './logFact';
import { ntstatusValue } from './ntstatus';

/** A decoded number with the name a value map gave it (`4(EstablishedState)` → 4, EstablishedState). */
export interface NamedNumber {
  readonly value: number;
  readonly name?: string;
}

const NUMBER_RE = /^\s*(-?(?:0[xX][0-9a-fA-F]+|\d+))(?:\s*\(\s*([^()]*?)\s*\))?/;
const POINTER_RE = /^\s*(0[xX][0-9a-fA-F]+|[0-9a-fA-F]{8,16}\b)/;

/**
 * A kernel pointer as an id: lower-case hex with `0x` (`0xffffe189bd811aa0`). Accepts the bare
 * 8/16-digit form some exports write; null when the text does not start with one.
 */
export function pointerId(text: string | undefined): string | null {
  if (text === undefined) return null;
  const m = POINTER_RE.exec(text);
  if (m === null) return null;
  const hex = m[1]!.toLowerCase();
  return hex.startsWith('0x') ? hex : `0x${hex}`;
}

/**
 * The leading number of a value: `1460`, `-5`, `0x1F`, `5 (0x5)` (the parenthesised hex is the
 * same number), `4(EstablishedState)` (the name is kept), `0(FALSE)`. Null when the text does
 * not start with a number or the number is beyond 2^53 (counters that large are not ids we use).
 */
export function decodeNumber(text: string | undefined): NamedNumber | null {
  if (text === undefined) return null;
  const m = NUMBER_RE.exec(text);
  if (m === null) return null;
  const value = parseInteger(m[1]!);
  if (value === null) return null;
  const inner = m[2];
  if (inner === undefined || inner === '') return { value };
  // `5 (0x5)`: a restatement of the value, not a name.
  const again = /^-?(?:0[xX][0-9a-fA-F]+|\d+)$/.test(inner) ? parseInteger(inner) : null;
  if (again !== null) return { value };
  return { value, name: inner };
}

/** Decimal or `0x` hex, with an optional minus; null beyond the exact integer range. */
export function parseInteger(text: string): number | null {
  const t = text.trim();
  const neg = t.startsWith('-');
  const body = neg ? t.slice(1) : t;
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) v = parseInt(body.slice(2), 16);
  else if (/^\d+$/.test(body)) v = Number(body);
  else return null;
  if (!Number.isSafeInteger(v)) return null;
  return neg ? -v : v;
}

/** `0(FALSE)`, `1(TRUE)`, `TRUE`, `false`, `0`, `1`; null otherwise. */
export function decodeBoolean(text: string | undefined): boolean | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  const n = decodeNumber(t);
  if (n === null) return null;
  if (n.name !== undefined && /^(true|false)$/i.test(n.name)) return /^true$/i.test(n.name);
  return n.value !== 0;
}

/**
 * An NTSTATUS written any way text tools write one: `0xC0000236`, `3221225526`,
 * `-1073741770`, `STATUS_CONNECTION_REFUSED`, `0xC0000236(STATUS_CONNECTION_REFUSED)`; the
 * unsigned 32-bit value, or null.
 */
export function decodeNtStatus(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  const named = /^(STATUS_[A-Z0-9_]+)/.exec(t);
  if (named !== null) return ntstatusValue(named[1]!) ?? null;
  const n = decodeNumber(t);
  if (n === null) {
    return null;
  }
  if (n.value < -0x80000000 || n.value > 0xffffffff) return null;
  return n.value >>> 0;
}

/**
 * A socket address as the connections stage writes it: `1.2.3.4:80`, `[fe80::1]:80`. Accepts
 * `[v6]:port`, TCPIP's unbracketed `fe80::1:80` (the last group is the port: a sockaddr always
 * has one), a `%scope` suffix (dropped: packets carry no scope), trailing punctuation and text
 * after the address. Null for anything else.
 */
export function decodeEndpoint(text: string | undefined): EndpointText | null {
  if (text === undefined) return null;
  const t = text.trim();
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})\b/.exec(t);
  if (bracketed !== null) return endpoint(bracketed[1]!, bracketed[2]!);
  const token = /^[^\s,;)(]+/.exec(t);
  if (token === null) return null;
  const tok = token[0].replace(/\.$/, '');
  const cut = tok.lastIndexOf(':');
  if (cut <= 0) return null;
  return endpoint(tok.slice(0, cut), tok.slice(cut + 1));
}

function endpoint(addressText: string, portText: string): EndpointText | null {
  if (!/^\d{1,5}$/.test(portText)) return null;
  const port = Number(portText);
  if (port > 65535) return null;
  const address = canonicalIp(addressText.replace(/%[^%]*$/, ''));
  if (address === null) return null;
  return endpointText(address.includes(':') ? 6 : 4, address, port);
}

/** An IP address alone (no port), canonical; null when it is not one. */
export function decodeAddress(text: string | undefined): string | null {
  if (text === undefined) return null;
  const token = /^[^\s,;)(]+/.exec(text.trim());
  if (token === null) return null;
  return canonicalIp(token[0].replace(/\.$/, '').replace(/%[^%]*$/, ''));
}
