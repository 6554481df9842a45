export type AnnotateSeverity = 'error' | 'warning';

/**
 * Something about the input or the annotation that the user should know. An `error` always means
 * that part of the input is missing from the output; a `warning` means the output holds all of
 * it, but something was not done as asked (a frame left without its comments) or the input has a
 * fault that was copied as it is.
 */
export interface AnnotateProblem {
  readonly severity: AnnotateSeverity;
  /** Stable identifier for scripts and tests, e.g. `truncated-block`, `spb-not-annotated`. */
  readonly code: string;
  /** Byte offset in the input. */
  readonly offset: number;
  /** A sentence that names the offset and the frame concerned, or the last good frame before it. */
  readonly message: string;
  /** The frame the problem concerns, or the last frame written before it; absent before the first. */
  readonly frame?: number;
}

/** How many problems of one kind are kept before the rest are only counted. */
const PER_CODE = 10;

/** Problems in input order, each kind kept a bounded number of times so memory stays flat. */
export class Problems {
  readonly list: AnnotateProblem[] = [];
  private readonly perCode = new Map<string, number>();

  /** A problem whose message already names the offset and frame (the capture reader's). */
  addFormatted(p: AnnotateProblem): void {
    const seen = (this.perCode.get(p.code) ?? 0) + 1;
    this.perCode.set(p.code, seen);
    if (seen <= PER_CODE || p.code === 'suppressed') this.list.push(p);
  }

  /**
   * `frame` is the frame the problem concerns, when there is one; otherwise `lastFrame` is the
   * last frame written before the offset.
   */
  add(severity: AnnotateSeverity, code: string, offset: number, text: string, where: { readonly frame: number } | { readonly lastFrame: number }): void {
    const prefix = 'frame' in where
      ? `byte offset ${offset}, frame ${where.frame}`
      : where.lastFrame > 0 ? `byte offset ${offset}, after frame ${where.lastFrame}` : `byte offset ${offset}, before the first frame`;
    const frame = 'frame' in where ? where.frame : where.lastFrame > 0 ? where.lastFrame : undefined;
    this.addFormatted({ severity, code, offset, message: `${prefix}: ${text}`, ...(frame !== undefined ? { frame } : {}) });
  }

  /** Adds one line for every kind that was reported more often than it was kept. */
  flushSuppressed(offset: number): void {
    for (const [code, seen] of this.perCode) {
      if (seen > PER_CODE && code !== 'suppressed') {
        this.list.push({
          severity: 'warning',
          code: 'suppressed',
          offset,
          message: `${seen - PER_CODE} more "${code}" problems not shown (${seen} in all)`,
        });
      }
    }
    this.perCode.clear();
  }
}
