import type { Timestamp, TsResolution } from './timestamp';

export type CaptureFormat = 'pcap' | 'pcapng';
export type ByteOrder = 'little' | 'big';

/** One option as stored in the file, kept so nothing a tool wrote is lost. */
export interface RawOption {
  readonly code: number;
  /** A copy (options are small; a copy does not pin the chunk the block arrived in). */
  readonly value: Uint8Array;
}

export interface SectionInfo {
  /** 0-based, in file order. Classic pcap has exactly one. */
  readonly index: number;
  /** Byte offset of the section header in the file. */
  readonly offset: number;
  readonly format: CaptureFormat;
  readonly byteOrder: ByteOrder;
  readonly version: { readonly major: number; readonly minor: number };
  /** pcapng Section Length; -1 when the writer did not know it; undefined for pcap. */
  readonly sectionLength?: bigint;
  readonly hardware?: string;
  readonly os?: string;
  readonly userAppl?: string;
  readonly comments: readonly string[];
  readonly options: readonly RawOption[];
}

export interface InterfaceInfo {
  /** 0-based across the whole file; the `iface` of a packet. */
  readonly index: number;
  readonly section: number;
  /** Interface ID inside its section (pcapng IDs restart per section). */
  readonly localId: number;
  readonly offset: number;
  readonly linkType: number;
  readonly snapLen: number;
  /**
   * Frame check sequence bytes at the end of each packet, when known (pcap link-type field F bit,
   * pcapng `if_fcslen`).
   */
  readonly fcsLength?: number;
  readonly tsResolution: TsResolution;
  /** `if_tsoffset`: seconds added to every timestamp. */
  readonly tsOffsetSec: number;
  readonly name?: string;
  readonly description?: string;
  readonly ipv4Addresses: readonly { readonly address: string; readonly netmask: string }[];
  readonly ipv6Addresses: readonly { readonly address: string; readonly prefixLength: number }[];
  readonly macAddress?: string;
  readonly speed?: bigint;
  readonly filter?: string;
  readonly os?: string;
  readonly hardware?: string;
  readonly tzone?: number;
  readonly ianaTzName?: string;
  readonly comments: readonly string[];
  readonly options: readonly RawOption[];
}

export type PacketBlockKind = 'pcap' | 'epb' | 'spb' | 'pb';

export type Direction = 'inbound' | 'outbound';

export interface PacketRecord {
  /** Frame number, from 1, as Wireshark counts. */
  readonly n: number;
  /** Byte offset of the record (pcap) or block (pcapng) in the file. */
  readonly offset: number;
  readonly kind: PacketBlockKind;
  readonly iface: number;
  readonly linkType: number;
  readonly ts: Timestamp;
  /** Bytes present in the file. */
  readonly caplen: number;
  /** Bytes on the wire. */
  readonly len: number;
  /**
   * The captured bytes: a view into the chunk the reader was fed. Chunks are never reused by the
   * I/O edge, so the view stays valid, but it keeps its whole chunk alive: copy with `slice()`
   * what must outlive the packet.
   */
  readonly data: Uint8Array;
  /**
   * `ts` as numbers, and `data` as the buffer it is a view of and its first index, for a sink
   * that only looks at the packet during the call. The reader's reused record (`reuseRecords`)
   * then makes neither a Timestamp nor a view: at millions of packets a second those two objects
   * a packet, and the collector's work for them, were a tenth of the connections stage. Reading
   * `ts` or `data` makes them. A new record's `bytes` is `data` itself, `start` 0.
   */
  readonly tsSec: number;
  readonly tsFrac: number;
  readonly tsUnits: number;
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly comments?: readonly string[];
  /** `epb_flags` as stored. */
  readonly flags?: number;
  readonly direction?: Direction;
  /** `epb_packetid`: the same value on every copy pktmon wrote of one packet. */
  readonly packetId?: bigint;
  readonly verdicts?: readonly Uint8Array[];
  readonly processId?: number;
  readonly threadId?: number;
  readonly dropCount?: bigint;
  readonly queue?: number;
  /** Options the reader does not interpret (hash, custom …), and the obsolete PB drops count. */
  readonly otherOptions?: readonly RawOption[];
}

/** Blocks that are not packets, kept in file order. */
export type AuxBlock =
  | NameResolutionBlock
  | InterfaceStatisticsBlock
  | DecryptionSecretsBlock
  | CustomBlock
  | JournalExportBlock
  | UnknownBlock;

interface AuxBase {
  readonly offset: number;
  readonly section: number;
  readonly blockType: number;
}

export interface NameResolutionBlock extends AuxBase {
  readonly kind: 'nrb';
  readonly records: readonly { readonly type: number; readonly address: string; readonly names: readonly string[]; readonly raw?: Uint8Array }[];
  readonly comments: readonly string[];
  readonly options: readonly RawOption[];
}

export interface InterfaceStatisticsBlock extends AuxBase {
  readonly kind: 'isb';
  readonly iface: number;
  readonly ts: Timestamp;
  readonly startTime?: Timestamp;
  readonly endTime?: Timestamp;
  readonly ifRecv?: bigint;
  readonly ifDrop?: bigint;
  readonly filterAccept?: bigint;
  readonly osDrop?: bigint;
  readonly usrDeliv?: bigint;
  readonly comments: readonly string[];
  readonly options: readonly RawOption[];
}

export interface DecryptionSecretsBlock extends AuxBase {
  readonly kind: 'dsb';
  readonly secretsType: number;
  readonly secretsTypeName: string;
  readonly secrets: Uint8Array;
  readonly comments: readonly string[];
  readonly options: readonly RawOption[];
}

export interface CustomBlock extends AuxBase {
  readonly kind: 'custom';
  readonly copyable: boolean;
  readonly pen: number;
  readonly data: Uint8Array;
}

/** systemd Journal Export block: etl2pcapng writes ETW events in these. */
export interface JournalExportBlock extends AuxBase {
  readonly kind: 'journal';
  readonly entry: Uint8Array;
}

export interface UnknownBlock extends AuxBase {
  readonly kind: 'unknown';
  readonly length: number;
}

export type Severity = 'error' | 'warning';

export interface CaptureWarning {
  readonly severity: Severity;
  /** Stable identifier for scripts and tests, e.g. `truncated-record`. */
  readonly code: string;
  /** Human sentence; names the offset and the packet number where one applies. */
  readonly message: string;
  readonly offset: number;
  /** The frame number the problem concerns (or the last good one before it). */
  readonly packet?: number;
}

/** What the reader calls as it goes; everything is delivered in file order. */
export interface CaptureSink {
  section?(section: SectionInfo): void;
  iface?(iface: InterfaceInfo): void;
  packet(packet: PacketRecord): void;
  block?(block: AuxBlock): void;
  warning?(warning: CaptureWarning): void;
  /**
   * For a sink that has no use for most packets beyond their time (one of several trackers of a
   * split capture): asked first where reading a packet costs nothing yet (pcap's run of plain
   * records), it may decline one, which then comes to `passed` instead of `packet`. Any packet
   * may still come to `packet`.
   */
  readonly router?: PacketRouter;
}

export interface PacketRouter {
  /** Whether the sink wants the packet whose `caplen` captured bytes start at `start` in `b`. */
  wants(b: Uint8Array, start: number, caplen: number, linkType: number): boolean;
  /** A declined packet: its frame number and capture time. */
  passed(n: number, sec: number, frac: number, unitsPerSec: number): void;
}

export interface CaptureSummary {
  readonly format: CaptureFormat | 'unknown';
  readonly bytes: number;
  readonly packets: number;
  readonly sections: number;
  readonly interfaces: number;
  readonly warnings: number;
  /** True when reading stopped before the end of the input (an unrecoverable error). */
  readonly stopped: boolean;
}
