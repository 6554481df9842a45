import type { Output } from './output';
import type { Problems } from './problems';

/** Gives the comments to add to frame `frame` (1-based, as Wireshark and the capture reader count). */
export type CommentsFor = (frame: number) => readonly string[] | undefined;

/** What the two writers (pcapng copier, pcap converter) share with the annotator. */
export interface AnnotateContext {
  readonly out: Output;
  readonly problems: Problems;
  readonly commentsFor: CommentsFor;
  /** Frames written so far; the last one is the number of the last frame. */
  frames: number;
  framesAnnotated: number;
}

/** One input format's writer: fed the input from its first byte, in chunks of any size. */
export interface FormatWriter {
  push(chunk: Uint8Array): void;
  end(): void;
}
