import type { Writable } from '../decode/types';
import { packetRecord } from './packetRecord';
import type { Timestamp } from './timestamp';
import type { PacketBlockKind, PacketRecord, CaptureSink, Severity } from './types';

/** How many warnings of one kind are reported before the rest are only counted. */
const WARNINGS_PER_CODE = 10;

/**
 * What both format parsers share: the sink, the running counts, and warnings that name the
 * offset and the last good packet. A corrupt capture can repeat one fault on every packet, so
 * each kind is reported a bounded number of times and the rest are summed up at the end.
 */
export class ReaderContext {
  packets = 0;
  sections = 0;
  interfaces = 0;
  warnings = 0;
  stopped = false;
  private readonly perCode = new Map<string, number>();
  private readonly reused: ReusedRecord | null;

  /** The one record handed out again and again with `reuseRecords`, else null. */
  get reusedRecord(): ReusedRecord | null {
    return this.reused;
  }

  /** `reuseRecords`: see `ReaderOptions`. */
  constructor(readonly sink: CaptureSink, reuseRecords = false) {
    this.reused = reuseRecords ? new ReusedRecord() : null;
  }

  /**
   * The record of the next packet, for the format to complete (options) and `deliver`: a new
   * object, or the reader's one reused record with every optional field cleared.
   */
  record(
    offset: number, kind: PacketBlockKind, iface: number, linkType: number, ts: Timestamp, caplen: number, len: number, data: Uint8Array,
  ): Writable<PacketRecord> {
    const r = this.reused;
    if (r === null) return packetRecord(0, offset, kind, iface, linkType, ts, caplen, len, data);
    r.offset = offset;
    r.kind = kind;
    r.iface = iface;
    r.linkType = linkType;
    r.ts = ts;
    r.caplen = caplen;
    r.len = len;
    r.data = data;
    r.comments = undefined;
    r.flags = undefined;
    r.direction = undefined;
    r.packetId = undefined;
    r.verdicts = undefined;
    r.processId = undefined;
    r.threadId = undefined;
    r.dropCount = undefined;
    r.queue = undefined;
    r.otherOptions = undefined;
    return r;
  }

  /** Numbers the packet and hands it to the sink. */
  deliver(record: Writable<PacketRecord>): void {
    record.n = ++this.packets;
    this.sink.packet(record);
  }

  warn(severity: Severity, code: string, offset: number, message: string): void {
    const seen = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, seen);
    this.warnings++;
    if (seen > WARNINGS_PER_CODE) return;
    const where = this.packets > 0 ? `byte offset ${offset}, after packet ${this.packets}` : `byte offset ${offset}, before the first packet`;
    this.sink.warning?.({
      severity,
      code,
      message: `${where}: ${message}`,
      offset,
      ...(this.packets > 0 ? { packet: this.packets } : {}),
    });
  }

  /** Reports how many warnings of each kind were counted but not shown. */
  flushSuppressed(offset: number): void {
    for (const [code, seen] of this.perCode) {
      if (seen > WARNINGS_PER_CODE) {
        this.sink.warning?.({
          severity: 'warning',
          code: 'suppressed',
          message: `${seen - WARNINGS_PER_CODE} more "${code}" problems not shown (${seen} in all)`,
          offset,
        });
      }
    }
    this.perCode.clear();
  }
}

const NO_BYTES = new Uint8Array(0);

/**
 * A record with every field present, so that refilling it never changes its hidden class. Its
 * `ts` and `data` are made when first read (`refill` leaves them unmade), from the numbers and
 * the place in the buffer that every reader of the record can use instead.
 */
export class ReusedRecord implements Writable<PacketRecord> {
  n = 0;
  offset = 0;
  kind: PacketBlockKind = 'pcap';
  iface = 0;
  linkType = 0;
  tsSec = 0;
  tsFrac = 0;
  tsUnits = 1;
  caplen = 0;
  len = 0;
  bytes: Uint8Array = NO_BYTES;
  start = 0;
  comments: readonly string[] | undefined = undefined;
  flags: number | undefined = undefined;
  direction: PacketRecord['direction'] = undefined;
  packetId: bigint | undefined = undefined;
  verdicts: readonly Uint8Array[] | undefined = undefined;
  processId: number | undefined = undefined;
  threadId: number | undefined = undefined;
  dropCount: bigint | undefined = undefined;
  queue: number | undefined = undefined;
  otherOptions: PacketRecord['otherOptions'] = undefined;
  private madeTs: Timestamp | null = null;
  private madeData: Uint8Array | null = null;

  get ts(): Timestamp {
    return (this.madeTs ??= { sec: this.tsSec, frac: this.tsFrac, unitsPerSec: this.tsUnits });
  }

  set ts(t: Timestamp) {
    this.madeTs = t;
    this.tsSec = t.sec;
    this.tsFrac = t.frac;
    this.tsUnits = t.unitsPerSec;
  }

  get data(): Uint8Array {
    return (this.madeData ??= this.bytes.subarray(this.start, this.start + this.caplen));
  }

  set data(d: Uint8Array) {
    this.madeData = d;
    this.bytes = d;
    this.start = 0;
  }

  /**
   * The next classic pcap record (which has no options: those stay cleared since `record` last
   * cleared them), its bytes at `start` in `b`.
   */
  refill(offset: number, sec: number, frac: number, units: number, caplen: number, len: number, b: Uint8Array, start: number): void {
    this.offset = offset;
    this.tsSec = sec;
    this.tsFrac = frac;
    this.tsUnits = units;
    this.madeTs = null;
    this.caplen = caplen;
    this.len = len;
    this.bytes = b;
    this.start = start;
    this.madeData = null;
  }
}
