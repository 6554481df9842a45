import type { CaptureSink, Severity } from './types';

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

  constructor(readonly sink: CaptureSink) {}

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
