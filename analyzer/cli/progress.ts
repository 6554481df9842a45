import type { Output } from './output';

/** Below this, reading is over before anyone would look at a progress line. */
const QUIET_MS = 1000;
const EVERY_MS = 500;

/**
 * Progress of a long read on standard error: a line that rewrites itself on a terminal, a line
 * per quarter otherwise (logs stay short). Silent for runs under a second.
 */
export class Progress {
  private readonly start = Date.now();
  private lastShown = 0;
  private lastQuarter = 0;
  private shown = false;

  constructor(private readonly io: Output, private readonly file: string) {}

  update(done: number, total: number): void {
    const now = Date.now();
    if (now - this.start < QUIET_MS || total <= 0) return;
    const pct = Math.floor((done / total) * 100);
    if (this.io.errIsTTY === true) {
      if (now - this.lastShown < EVERY_MS) return;
      this.lastShown = now;
      this.shown = true;
      this.io.err(`\rwinsock-replay: ${this.file}: reading ${pct}% (${(done / 1e6).toFixed(0)} of ${(total / 1e6).toFixed(0)} MB)`);
      return;
    }
    const quarter = Math.floor(pct / 25);
    if (quarter > this.lastQuarter && quarter < 4) {
      this.lastQuarter = quarter;
      this.io.err(`winsock-replay: ${this.file}: read ${quarter * 25}%\n`);
    }
  }

  done(): void {
    if (this.shown) this.io.err('\r\x1b[K');
  }
}
