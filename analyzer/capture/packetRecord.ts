import type { Writable } from '../decode/types';
import type { PacketRecord } from './types';

/** What a new record is made from: every field but those `packetRecord` derives. */
export type PacketRecordFields = Omit<PacketRecord, 'tsSec' | 'tsFrac' | 'tsUnits' | 'bytes' | 'start'>;

/** A new PacketRecord: `tsSec`, `tsFrac` and `tsUnits` from `ts`, and `bytes` its `data` (from `start` 0). */
export function packetRecord(r: PacketRecordFields): Writable<PacketRecord> {
  return { ...r, tsSec: r.ts.sec, tsFrac: r.ts.frac, tsUnits: r.ts.unitsPerSec, bytes: r.data, start: 0 };
}
