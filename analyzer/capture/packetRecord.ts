import type { Writable } from '../decode/types';
import type { Timestamp } from './timestamp';
import type { PacketBlockKind, PacketRecord } from './types';

/**
 * A new PacketRecord with no options: `tsSec`, `tsFrac` and `tsUnits` from `ts`, and `bytes` its
 * `data` (from `start` 0). Positional, so that a reader making one for every packet allocates
 * only the record.
 */
export function packetRecord(
  n: number, offset: number, kind: PacketBlockKind, iface: number, linkType: number, ts: Timestamp, caplen: number, len: number, data: Uint8Array,
): Writable<PacketRecord> {
  return { n, offset, kind, iface, linkType, ts, caplen, len, data, tsSec: ts.sec, tsFrac: ts.frac, tsUnits: ts.unitsPerSec, bytes: data, start: 0 };
}
