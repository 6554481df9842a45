import { u16 } from './bytes';
import type { RawOption } from './types';

export interface OptionProblem {
  /** Offset of the bad option inside the block. */
  readonly at: number;
  readonly message: string;
}

export interface ParsedOptions {
  readonly options: RawOption[];
  readonly problem?: OptionProblem;
}

const NO_OPTIONS: ParsedOptions = { options: [] };

/**
 * Reads a pcapng option list (u16 code, u16 length, value padded to 4 bytes, ended by code 0).
 * A missing opt_endofopt is tolerated (the spec allows omitting it when the list fills the
 * block); a length that runs past the block stops the list with a problem, keeping the options
 * read so far.
 */
export function parseOptions(b: Uint8Array, start: number, end: number, le: boolean): ParsedOptions {
  if (start >= end) return NO_OPTIONS;
  const options: RawOption[] = [];
  let p = start;
  while (p + 4 <= end) {
    const code = u16(b, p, le);
    const len = u16(b, p + 2, le);
    if (code === 0) return { options };
    const valueEnd = p + 4 + len;
    if (valueEnd > end) {
      return {
        options,
        problem: { at: p, message: `option ${code} claims ${len} bytes but only ${end - p - 4} remain in the block` },
      };
    }
    options.push({ code, value: b.slice(p + 4, valueEnd) });
    p = p + 4 + ((len + 3) & ~3);
  }
  if (p < end) {
    return { options, problem: { at: p, message: `${end - p} stray bytes after the last option` } };
  }
  return { options };
}
