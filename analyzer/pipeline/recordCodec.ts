import type { Timestamp } from '../capture/timestamp';
import { HAPPENING_ENTRY, HAS_EXTRA, HappeningCode, happeningEntry, makeHappening, type HappeningEntry } from '../connections/happeningLog';
import type { End, Happening, IcmpErrorInfo } from '../connections/happenings';
import type { ConnectionRecord, DirectionStats, EndpointInfo, Protocol, RoleRule, ZeekView } from '../connections/record';
import type { TcpConnection } from '../tcp/tcpConnection';
import type { TcpEnd } from '../tcp/tcpEnd';

/*
 * ConnectionRecords as numbers and strings, to cross from the thread that tracks connections to
 * the one that replays them. Structured clone walks every object of a record (some 20 of them,
 * happenings included) and cost about 26 µs a record; here a batch is one Float64Array, whose
 * buffer is transferred, and a few strings. Strings repeat (the local address, a few hundred
 * peers, a handful of Zeek histories) and each one cloned costs about as much as a record's
 * numbers, so the writer and the reader of a stream of batches keep the same table of strings:
 * a string is sent once, then by its index. The table stops growing at MAX_TABLE, so memory stays
 * flat on a capture with millions of peers: later new strings are sent each time.
 *
 * Records are rebuilt with the keys in the order the tracker writes them (the interfaces'
 * order), optional keys only where the tracker set them, and happenings in a row with the same
 * time sharing one Timestamp, as HappeningLog.toHappenings makes them: a decoded record is
 * indistinguishable from the tracker's, so every output made from it is the same.
 *
 * A happening travels as the tracker's HappeningLog keeps it (its eight numbers, then its string
 * or ICMP error), rebuilt on the other side by the log's own `makeHappening`. A TCP connection is
 * written straight from the tracker's object (`addTcp`): its log's numbers are copied, and no
 * record, Happening or other object is made for it on the tracking thread.
 *
 * Every number goes through a Float64Array: exact for any number a record holds (integers up to
 * 2^53, timestamps' fractions included).
 */

/** One batch of encoded records. */
export interface RecordBatch {
  readonly count: number;
  readonly numbers: Float64Array;
  /** Strings added to the table by this batch, in index order. */
  readonly defined: string[];
  /** Strings sent without an index (the table was full), in order of use. */
  readonly inline: string[];
}

const MAX_TABLE = 1 << 16;
/** Buffers given back (`recycle`) kept at most, and the smallest worth keeping (numbers). */
const MAX_SPARE = 2;
const MIN_RECYCLED = 16 * 1024;
const RST_IGNORED = HappeningCode.RST_IGNORED;
/** In place of a table index: the string is the next inline one. */
const INLINE = -1;

const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp'];
const ROLE_RULES: readonly RoleRule[] = ['syn', 'syn-ack', 'ports', 'first-packet'];
/** Numbers a happening takes at most: its log entry, then an ICMP error's five. */
const HAPPENING_MAX = HAPPENING_ENTRY + 5;
/** Fields of DirectionStats, in the order the tracker writes them (record.ts). */
const STATS_FIELDS = 17;

/**
 * Collects records into a batch; `take` hands the batch over and starts the next one. One writer's
 * batches must be read, in order, by one RecordReader.
 */
export class RecordWriter {
  private numbers: Float64Array<ArrayBuffer> = new Float64Array(MIN_RECYCLED);
  private used = 0;
  private readonly table = new Map<string, number>();
  private defined: string[] = [];
  private inline: string[] = [];
  private records = 0;
  private readonly spare: Float64Array<ArrayBuffer>[] = [];

  get count(): number {
    return this.records;
  }

  /** Bytes the batch holds so far (its numbers), to decide when to send it. */
  get bytes(): number {
    return this.used * 8;
  }

  /** One record (with its happenings as objects: a TCP connection's go faster through `addTcp`). */
  add(r: ConnectionRecord): void {
    const count = r.happenings.length;
    // The largest fixed part is under 100 numbers.
    this.reserve(128 + r.client.interfaces.length + r.server.interfaces.length + HAPPENING_MAX * count + r.notes.length);
    const n = this.numbers;
    let i = this.used;
    n[i++] = r.id;
    n[i++] = r.protocol === 'tcp' ? 0 : 1;
    n[i++] = r.ipVersion;
    i = this.endpoint(r.client, i);
    i = this.endpoint(r.server, i);
    n[i++] = ROLE_RULES.indexOf(r.roleRule);
    n[i++] = r.firstFrame;
    n[i++] = r.lastFrame;
    i = timestamp(n, i, r.start);
    i = timestamp(n, i, r.end);
    n[i++] = r.partial ? 1 : 0;
    n[i++] = r.reusedPort ? 1 : 0;
    i = stats(n, i, r.toServer);
    i = stats(n, i, r.toClient);
    i = this.zeek(r.zeek, i);
    n[i++] = count;
    for (const h of r.happenings) i = this.happening(h, i);
    this.used = this.notes(r.notes, i);
    this.records++;
  }

  /**
   * A TCP connection as the tracker holds it (ConnectionSink.tcpConnection): the numbers `add`
   * writes for its record, read straight from the connection, so that no record is made on the
   * tracking thread. test/pipeline/recordCodec.test.ts holds the two to the same output.
   */
  addTcp(c: TcpConnection): void {
    const log = c.happeningLog;
    const notes = c.notes;
    this.reserve(128 + c.client.interfaceCount + c.server.interfaceCount + HAPPENING_MAX * log.length + notes.length);
    const n = this.numbers;
    let i = this.used;
    n[i++] = c.id;
    n[i++] = 0;
    n[i++] = c.ipVersion;
    i = this.tcpEnd(c.client, i);
    i = this.tcpEnd(c.server, i);
    n[i++] = ROLE_RULES.indexOf(c.roleRule);
    n[i++] = c.firstFrame;
    n[i++] = c.lastFrame;
    i = timestamp(n, i, c.start);
    i = timestamp(n, i, c.end);
    n[i++] = c.partial ? 1 : 0;
    n[i++] = c.reusedPort ? 1 : 0;
    i = stats(n, i, c.client);
    i = stats(n, i, c.server);
    i = this.zeek(c.zeekView(), i);
    n[i++] = log.length;
    i = log.writeEntries(n, i, this.extra);
    this.used = this.notes(notes, i);
    this.records++;
  }

  /**
   * The batch so far (its numbers' buffer can be transferred). With a buffer given back
   * (`recycle`) the batch takes the one written into, and writing goes on in the one given back;
   * otherwise its numbers are copied out, trimmed to their length.
   */
  take(): RecordBatch {
    const spare = this.spare.pop();
    let numbers: Float64Array<ArrayBuffer>;
    if (spare !== undefined) {
      numbers = this.numbers.subarray(0, this.used);
      this.numbers = spare;
    } else {
      numbers = this.numbers.slice(0, this.used);
    }
    const batch: RecordBatch = { count: this.records, numbers, defined: this.defined, inline: this.inline };
    this.used = 0;
    this.defined = [];
    this.inline = [];
    this.records = 0;
    return batch;
  }

  /**
   * A batch's numbers the reader is done with, given back (their buffer transferred back) for
   * the writer to write into again: a busy stream then copies and allocates nothing per batch.
   */
  recycle(numbers: Float64Array): void {
    const whole = new Float64Array(numbers.buffer as ArrayBuffer);
    if (whole.length >= MIN_RECYCLED && this.spare.length < MAX_SPARE) this.spare.push(whole);
  }

  private reserve(more: number): void {
    if (this.used + more <= this.numbers.length) return;
    const grown = new Float64Array(Math.max(2 * this.numbers.length, this.used + more));
    grown.set(this.numbers.subarray(0, this.used));
    this.numbers = grown;
  }

  /** The number that stands for `s`: its index in the table, added now if there is room. */
  private string(s: string): number {
    let k = this.table.get(s);
    if (k !== undefined) return k;
    if (this.table.size >= MAX_TABLE) {
      this.inline.push(s);
      return INLINE;
    }
    k = this.table.size;
    this.table.set(s, k);
    this.defined.push(s);
    return k;
  }

  private zeek(z: ZeekView, i: number): number {
    const n = this.numbers;
    n[i] = this.string(z.connState);
    n[i + 1] = this.string(z.history);
    n[i + 2] = z.origIsClient ? 1 : 0;
    n[i + 3] = z.origBytes;
    n[i + 4] = z.respBytes;
    return i + 5;
  }

  private notes(notes: readonly string[], i: number): number {
    const n = this.numbers;
    n[i++] = notes.length;
    for (const note of notes) n[i++] = this.string(note);
    return i;
  }

  /** A TcpEnd as `endpoint` writes its EndpointInfo. */
  private tcpEnd(e: TcpEnd, i: number): number {
    const n = this.numbers;
    n[i++] = this.string(e.address);
    n[i++] = e.port;
    n[i++] = e.outboundFlagged;
    n[i++] = e.inboundFlagged;
    i = e.writeInterfaces(n, i);
    n[i++] = e.ttl;
    return i;
  }

  private endpoint(e: EndpointInfo, i: number): number {
    const n = this.numbers;
    n[i++] = this.string(e.address);
    n[i++] = e.port;
    n[i++] = e.outboundFlagged;
    n[i++] = e.inboundFlagged;
    n[i++] = e.interfaces.length;
    for (const x of e.interfaces) n[i++] = x;
    n[i++] = e.ttl;
    return i;
  }

  /** A Happening object, as the tracker would have logged it. */
  private happening(h: Happening, i: number): number {
    const e = ENTRY;
    happeningEntry(h, e);
    const n = this.numbers;
    n[i++] = e.code * 2 + (h.at === 'server' ? 1 : 0);
    n[i++] = h.frame;
    i = timestamp(n, i, h.ts);
    n[i++] = e.a;
    n[i++] = e.b;
    n[i++] = e.c;
    return e.extra === null ? i : this.extra(e.extra, i);
  }

  /** After a happening's numbers, its string or ICMP error. */
  private readonly extra = (x: string | IcmpErrorInfo, i: number): number => {
    const n = this.numbers;
    if (typeof x === 'string') {
      n[i++] = this.string(x);
      return i;
    }
    n[i++] = x.version; n[i++] = x.type; n[i++] = x.code;
    n[i++] = this.string(x.name);
    n[i++] = this.string(x.from);
    return i;
  };
}

/** happeningEntry's output, reused. */
const ENTRY: HappeningEntry = { code: 0, a: 0, b: 0, c: 0, extra: null };

function timestamp(n: Float64Array, i: number, ts: Timestamp): number {
  n[i] = ts.sec;
  n[i + 1] = ts.frac;
  n[i + 2] = ts.unitsPerSec;
  return i + 3;
}

function stats(n: Float64Array, i: number, s: DirectionStats): number {
  n[i] = s.packets; n[i + 1] = s.frameBytes; n[i + 2] = s.ipBytes; n[i + 3] = s.payloadBytes; n[i + 4] = s.streamBytes;
  n[i + 5] = s.retransmissions; n[i + 6] = s.fastRetransmissions; n[i + 7] = s.spuriousRetransmissions; n[i + 8] = s.outOfOrder;
  n[i + 9] = s.lostSegments; n[i + 10] = s.duplicateAcks; n[i + 11] = s.zeroWindows; n[i + 12] = s.zeroWindowProbes;
  n[i + 13] = s.windowUpdates; n[i + 14] = s.keepAlives; n[i + 15] = s.pktmonCopies; n[i + 16] = s.unseenBytes;
  return i + STATS_FIELDS;
}


/**
 * Numbers read back as small integers where they are ones: a Float64Array read is a double, and
 * doubles stored in the fields of records (or the Timestamps the replay copies) would make the
 * engine keep every such field boxed.
 */
function smi(x: number): number {
  return (x | 0) === x ? x | 0 : x;
}

/** Reads the batches of one RecordWriter, in the order it made them. */
export class RecordReader {
  private readonly table: string[] = [];
  private numbers: RecordBatch['numbers'] = new Float64Array(0);
  private inline: string[] = [];
  private i = 0;
  private s = 0;

  /** The records of the batch, in the order they were added, handed to `each`. */
  read(batch: RecordBatch, each: (r: ConnectionRecord) => void): void {
    for (const d of batch.defined) this.table.push(d);
    this.numbers = batch.numbers;
    this.inline = batch.inline;
    this.i = 0;
    this.s = 0;
    for (let k = 0; k < batch.count; k++) each(this.record());
  }

  private num(): number {
    return smi(this.numbers[this.i++]!);
  }

  private str(): string {
    const k = this.numbers[this.i++]!;
    return k === INLINE ? this.inline[this.s++]! : this.table[k]!;
  }

  private record(): ConnectionRecord {
    const id = this.num();
    const protocol = PROTOCOLS[this.num()]!;
    const ipVersion = this.num() as 4 | 6;
    const client = this.endpoint();
    const server = this.endpoint();
    const roleRule = ROLE_RULES[this.num()]!;
    const firstFrame = this.num();
    const lastFrame = this.num();
    const start = this.timestamp();
    const end = this.timestamp();
    const partial = this.num() === 1;
    const reusedPort = this.num() === 1;
    const toServer = this.stats();
    const toClient = this.stats();
    const connState = this.str();
    const history = this.str();
    const zeek: ZeekView = { connState, history, origIsClient: this.num() === 1, origBytes: this.num(), respBytes: this.num() };
    const happenings = this.happenings();
    const notes: string[] = [];
    for (let k = this.num(); k > 0; k--) notes.push(this.str());
    return {
      id, protocol, ipVersion, client, server, roleRule, firstFrame, lastFrame, start, end, partial, reusedPort,
      toServer, toClient, zeek, happenings, notes,
    };
  }

  private endpoint(): EndpointInfo {
    const address = this.str();
    const port = this.num();
    const outboundFlagged = this.num();
    const inboundFlagged = this.num();
    const interfaces: number[] = new Array<number>(this.num());
    for (let k = 0; k < interfaces.length; k++) interfaces[k] = this.num();
    return { address, port, outboundFlagged, inboundFlagged, interfaces, ttl: this.num() };
  }

  private timestamp(): Timestamp {
    return { sec: this.num(), frac: this.num(), unitsPerSec: this.num() };
  }

  private stats(): DirectionStats {
    return {
      packets: this.num(), frameBytes: this.num(), ipBytes: this.num(), payloadBytes: this.num(), streamBytes: this.num(),
      retransmissions: this.num(), fastRetransmissions: this.num(), spuriousRetransmissions: this.num(), outOfOrder: this.num(),
      lostSegments: this.num(), duplicateAcks: this.num(), zeroWindows: this.num(), zeroWindowProbes: this.num(),
      windowUpdates: this.num(), keepAlives: this.num(), pktmonCopies: this.num(), unseenBytes: this.num(),
    };
  }

  private happenings(): Happening[] {
    const out: Happening[] = new Array<Happening>(this.num());
    let ts: Timestamp | null = null;
    for (let k = 0; k < out.length; k++) {
      const code2 = this.num();
      const at: End = (code2 & 1) === 0 ? 'client' : 'server';
      const frame = this.num();
      const sec = this.num();
      const frac = this.num();
      const unitsPerSec = this.num();
      if (ts === null || ts.sec !== sec || ts.frac !== frac || ts.unitsPerSec !== unitsPerSec) ts = { sec, frac, unitsPerSec };
      const a = this.num();
      const b = this.num();
      const c = this.num();
      const code = code2 >> 1;
      const extra = HAS_EXTRA[code] !== 1 ? null : code === RST_IGNORED ? this.str() : this.icmp();
      out[k] = makeHappening(code, at, ts, frame, a, b, c, extra);
    }
    return out;
  }

  private icmp(): IcmpErrorInfo {
    const version = this.num() as 4 | 6;
    const type = this.num();
    const code = this.num();
    return { version, type, code, name: this.str(), from: this.str() };
  }
}
