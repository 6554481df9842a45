import type { PacketRecord } from './types';

/** Distinct packet ids remembered; pktmon writes a packet's copies within a few frames of each other. */
const WINDOW = 8192;

/**
 * pktmon (through etl2pcapng) records one packet once per component it crossed — NIC, filter
 * drivers, TCPIP — each copy with the same `epb_packetid`. Later stages must count each packet
 * once, so this names the frame a copy repeats. Only recent ids are remembered, so memory stays
 * bounded however long the capture is; ids are per-boot counters, so a reused id far later is a
 * new packet, not a copy.
 */
export class PktmonDuplicates {
  private readonly firstFrame = new Map<bigint, number>();
  private duplicates = 0;

  /** The frame number of the first copy when `p` repeats it; undefined for a first sighting. */
  check(p: PacketRecord): number | undefined {
    if (p.packetId === undefined) return undefined;
    const first = this.firstFrame.get(p.packetId);
    if (first !== undefined) {
      this.duplicates++;
      return first;
    }
    this.firstFrame.set(p.packetId, p.n);
    if (this.firstFrame.size > WINDOW) {
      // Maps iterate in insertion order: the first key is the oldest id.
      this.firstFrame.delete(this.firstFrame.keys().next().value!);
    }
    return undefined;
  }

  get count(): number {
    return this.duplicates;
  }
}
