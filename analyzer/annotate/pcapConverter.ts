/**
 * Classic pcap in, pcapng out: one section (in the pcap file's byte order) whose header says in
 * `shb_userappl` that Winsock Replay wrote it, one interface (the link type, the snaplen,
 * `if_tsresol` 6 or 9 from the magic, `if_fcslen` when the link-type field's FCS bits give one),
 * and one Enhanced Packet Block per record with the record's timestamp, lengths and bytes.
 *
 * The records are read by the capture reader itself (analyzer/capture), so the frames written
 * and their numbers are exactly the reader's, damaged files included: a truncated last record is
 * left out; after a record header with an impossible length the reader looks for the next
 * plausible record and reads on, and so does the output (the skipped bytes are not in it, and the
 * reader's problems say where and how many). Every problem the reader reports is passed on.
 */
import { CaptureReader } from '../capture/captureReader';
import type { CaptureWarning, InterfaceInfo, PacketRecord, SectionInfo } from '../capture/types';
import type { AnnotateContext, FormatWriter } from './context';
import { commentValues, writeEnhancedPacket, writeInterface, writeSectionHeader } from './pcapngWrite';

const NO_COMMENTS: readonly Uint8Array[] = [];

export class PcapConverter implements FormatWriter {
  private readonly reader: CaptureReader;
  private le = true;
  private units = 1_000_000;

  constructor(private readonly ctx: AnnotateContext, private readonly userAppl: string) {
    this.reader = new CaptureReader({
      section: (s) => this.section(s),
      iface: (i) => this.iface(i),
      packet: (p) => this.packet(p),
      warning: (w) => this.warning(w),
    }, { reuseRecords: true });
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  end(): void {
    this.reader.end();
  }

  private section(s: SectionInfo): void {
    this.le = s.byteOrder === 'little';
  }

  /** The reader reports the pcap file header as a section and then its one interface. */
  private iface(i: InterfaceInfo): void {
    this.units = i.tsResolution.unitsPerSec;
    writeSectionHeader(this.ctx.out, this.le, this.userAppl);
    writeInterface(this.ctx.out, this.le, i.linkType, i.snapLen, i.tsResolution.exponent, i.fcsLength);
  }

  private packet(p: PacketRecord): void {
    const ctx = this.ctx;
    ctx.frames = p.n;
    const { sec, frac } = p.ts;
    if (frac >= this.units) {
      const carried = BigInt(sec) + BigInt(Math.floor(frac / this.units));
      ctx.problems.add('warning', 'timestamp-carried', p.offset,
        `the record's sub-second field ${frac} is not below ${this.units}; pcapng stores one count of units, so its time is written as ${carried} s + ${frac % this.units} units`,
        { frame: p.n });
    }
    const ticks = BigInt(sec) * BigInt(this.units) + BigInt(frac);
    const comments = ctx.commentsFor(p.n);
    const values = comments === undefined || comments.length === 0
      ? NO_COMMENTS
      : commentValues(comments, (bytes) => {
        ctx.problems.add('warning', 'comment-truncated', p.offset, `a comment of ${bytes} bytes was cut to fit an option (at most 65535 bytes)`, { frame: p.n });
      });
    writeEnhancedPacket(ctx.out, this.le, ticks, p.caplen, p.len, p.data, values);
    if (values.length > 0) ctx.framesAnnotated++;
  }

  /** The reader's problems, in the annotator's words: its packets are our frames. */
  private warning(w: CaptureWarning): void {
    const message = w.message.replace(/^(byte offset \d+, )(after|before the first) packet\b/, '$1$2 frame');
    this.ctx.problems.addFormatted({
      severity: w.severity, code: w.code, offset: w.offset, message,
      ...(w.packet !== undefined ? { frame: w.packet } : {}),
    });
  }
}
