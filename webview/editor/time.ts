import type { PacketRowView, TimeFormat } from '../protocol';

/** `<s>.<9 digits>` → nanoseconds. */
function ns(text: string): bigint {
  const [s, f = ''] = text.split('.');
  return BigInt(s ?? '0') * 1_000_000_000n + BigInt((f + '000000000').slice(0, 9));
}

/** Seconds of `ts` after `origin`, to the microsecond (both `<s>.<9 digits>`). */
export function relative(ts: string, origin: string | null): string {
  if (origin === null) return ts;
  const d = ns(ts) - ns(origin);
  const a = (d < 0n ? -d : d) / 1000n;
  return `${d < 0n ? '-' : ''}${a / 1_000_000n}.${(a % 1_000_000n).toString().padStart(6, '0')}`;
}

/** An absolute time as UTC with nanoseconds: `2026-11-21 18:33:28.123456789`. */
export function utc(ts: string): string {
  const [s, f = '0'] = ts.split('.');
  const d = new Date(Number(s) * 1000);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}.${f.padEnd(9, '0')}`;
}

export function packetTime(r: PacketRowView, format: TimeFormat): string {
  return format === 'absolute' ? utc(r.abs) : format === 'delta' ? r.delta : r.rel;
}
