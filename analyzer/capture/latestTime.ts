import type { Timestamp } from './timestamp';

/**
 * The time of the latest packet, noted as numbers for every packet and made into a Timestamp only
 * when one is asked for (then kept until the time changes): packets are many, the callers that
 * need a Timestamp few.
 */
export class LatestTime {
  private sec = 0;
  private frac = 0;
  /** 0 until the first `note`. */
  private unitsPerSec = 0;
  private made: Timestamp | null = null;

  note(sec: number, frac: number, unitsPerSec: number): void {
    this.sec = sec;
    this.frac = frac;
    this.unitsPerSec = unitsPerSec;
    this.made = null;
  }

  /** The time noted last, as a Timestamp of its own; null before the first. */
  timestamp(): Timestamp | null {
    if (this.made === null && this.unitsPerSec !== 0) this.made = { sec: this.sec, frac: this.frac, unitsPerSec: this.unitsPerSec };
    return this.made;
  }
}
