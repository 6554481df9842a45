/**
 * Writes an annotated pcapng: the input capture, packets and timestamps unchanged, with
 * `opt_comment` options added to the frames the caller names. Streaming and pure (Uint8Array
 * only), so it runs in the CLI, a worker or a webview alike.
 *
 * ```ts
 * const annotator = new CaptureAnnotator((frame) => comments.get(frame));
 * for await (const chunk of input) for (const bytes of annotator.push(chunk)) await write(bytes);
 * for (const bytes of annotator.end()) await write(bytes);
 * // annotator.problems: errors mean part of the input is not in the output.
 * ```
 *
 * - **pcapng input** (pcapngCopier.ts): every block is copied byte for byte, sections keep their
 *   byte order; an Enhanced or obsolete Packet Block that gets comments has them appended as
 *   `opt_comment` options before its `opt_endofopt` (one is added if it had none), padded, with
 *   both length fields fixed. A Simple Packet Block cannot carry options: it is copied unchanged
 *   and a warning names the frame. A section length other than -1 becomes -1 (with a warning).
 *   The output stops at the first damaged block.
 * - **classic pcap input** (pcapConverter.ts): converted to pcapng, one SHB, one IDB and an EPB
 *   per record; damaged records are handled as the capture reader handles them.
 *
 * Frames are numbered from 1 in file order, counting every packet block (EPB, SPB, obsolete PB)
 * or pcap record, exactly as the capture reader numbers `PacketRecord.n`, damaged files included
 * (up to where a pcapng output stops). That is tshark's numbering too, except that tshark 4.0
 * also counts custom and systemd-journal blocks as frames. `commentsFor` is called once per
 * frame, in order, while its block is written.
 *
 * Memory does not grow with the input: at most one block (or record) plus one chunk is held, and
 * the output of one `push` is about the size of its chunk.
 */
import { u32 } from '../capture/bytes';
import { pcapVariant } from '../capture/pcapFormat';
import { BT_SHB } from '../capture/pcapngBlocks';
import type { AnnotateContext, CommentsFor, FormatWriter } from './context';
import { Output } from './output';
import { PcapConverter } from './pcapConverter';
import { PcapngCopier } from './pcapngCopier';
import { Problems, type AnnotateProblem } from './problems';

export type { AnnotateProblem, AnnotateSeverity } from './problems';
export type { CommentsFor } from './context';

export interface AnnotatorOptions {
  /** `shb_userappl` of the section written for a classic pcap input. */
  readonly userAppl?: string;
}

export const DEFAULT_USER_APPL = 'Winsock Replay annotate (converted from classic pcap)';

export class CaptureAnnotator {
  private readonly ctx: AnnotateContext;
  private readonly problemList: Problems;
  private readonly head = new Uint8Array(4);
  private headLen = 0;
  private writer: FormatWriter | undefined;
  private detected: 'pcap' | 'pcapng' | 'unknown' = 'unknown';
  private failed = false;
  private ended = false;
  private bytesIn = 0;

  /**
   * @param commentsFor the comments to add to frame `n` (1-based); undefined or empty for none.
   *   Empty strings are skipped; a comment longer than 65535 UTF-8 bytes is cut (with a warning).
   */
  constructor(commentsFor: CommentsFor, private readonly options: AnnotatorOptions = {}) {
    this.problemList = new Problems();
    this.ctx = { out: new Output(), problems: this.problemList, commentsFor, frames: 0, framesAnnotated: 0 };
  }

  /**
   * Feeds input bytes, in chunks of any size (down to 1 byte). Returns the output bytes that are
   * ready, possibly none. They are the annotator's own arrays, never views of `chunk`.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.ended) throw new Error('CaptureAnnotator.push after end');
    this.bytesIn += chunk.length;
    if (this.failed || chunk.length === 0) return [];
    // Output is about the input's size; a pcap record grows by 16 bytes as an EPB.
    this.ctx.out.expect(chunk.length + (chunk.length >> 2) + 256);
    let rest = chunk;
    let writer = this.writer;
    if (!writer) {
      const take = Math.min(4 - this.headLen, chunk.length);
      this.head.set(chunk.subarray(0, take), this.headLen);
      this.headLen += take;
      if (this.headLen < 4) return [];
      writer = this.detect();
      if (!writer) return [];
      writer.push(this.head);
      rest = chunk.subarray(take);
    }
    if (rest.length > 0) writer.push(rest);
    return this.ctx.out.take();
  }

  /** Signals the end of the input and returns the rest of the output. */
  end(): Uint8Array[] {
    if (!this.ended) {
      this.ended = true;
      if (this.writer) {
        this.writer.end();
      } else if (!this.failed) {
        const why = this.bytesIn === 0 ? 'the input is empty' : `the input has only ${this.bytesIn} bytes, too few for any capture header`;
        this.problemList.add('error', this.bytesIn === 0 ? 'empty' : 'truncated-header', 0, `${why}; nothing written`, { lastFrame: 0 });
      }
      this.problemList.flushSuppressed(this.bytesIn);
    }
    return this.ctx.out.take();
  }

  /** Problems so far, in input order (see AnnotateProblem for what the severities mean). */
  get problems(): readonly AnnotateProblem[] {
    return this.problemList.list;
  }

  /** Frames written to the output, annotated or not. */
  get framesWritten(): number {
    return this.ctx.frames;
  }

  /** Frames written with at least one added comment. */
  get framesAnnotated(): number {
    return this.ctx.framesAnnotated;
  }

  /** The input's format, once its first 4 bytes have been seen. */
  get format(): 'pcap' | 'pcapng' | 'unknown' {
    return this.detected;
  }

  /** Chooses the writer from the first 4 bytes (undefined, with a problem, if neither format). */
  private detect(): FormatWriter | undefined {
    const magic = u32(this.head, 0, true);
    if (pcapVariant(magic)) {
      this.detected = 'pcap';
      this.writer = new PcapConverter(this.ctx, this.options.userAppl ?? DEFAULT_USER_APPL);
    } else if (magic === BT_SHB) {
      this.detected = 'pcapng';
      this.writer = new PcapngCopier(this.ctx);
    } else {
      const text = Array.from(this.head, (x) => x.toString(16).padStart(2, '0')).join(' ');
      this.failed = true;
      this.problemList.add('error', 'not-a-capture', 0,
        `not a pcap or pcapng file (first bytes ${text}); pcap starts with d4 c3 b2 a1 (or a1 b2 c3 d4, 4d 3c b2 a1, a1 b2 3c 4d), pcapng with 0a 0d 0d 0a; nothing written`,
        { lastFrame: 0 });
    }
    return this.writer;
  }
}
