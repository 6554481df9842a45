/**
 * ETW events inside a pcapng made by etl2pcapng ≥ 1.12 (etw-formats.md §2f, §5.1):
 * - every non-packet event is a systemd Journal Export block (type 9) whose entry is
 *   `__REALTIME_TIMESTAMP=<µs since 1970 UTC>\n_COMM=<provider>\nMESSAGE=<formatted message>\n`;
 * - ndiscap packets carry an `opt_comment` `PID=<pid> TID=<tid>` (plus medium-specific text).
 *
 * For pcapng sources a record's `line` is not a text line: it is the journal block's number
 * (1-based, counted by the caller) or, for packet comments, the frame number, which is what the
 * user can find again in Wireshark.
 */

import type { LogProblem, LogRecord, LogTime } from '../logRecord';

const utf8 = new TextDecoder('utf-8');

const NL = 0x0a;
const EQ = 0x3d;

/**
 * One journal entry to a record. `offset` is the block's byte offset in the file (named in
 * problems), `index` the block's number (the record's `line`).
 *
 * The Journal Export format writes a field as `KEY=value\n`, or, when the value may hold a
 * newline or binary data, as `KEY\n` + u64 LE length + the bytes + `\n`; both are read.
 */
export function journalRecord(entry: Uint8Array, offset: number, index: number): LogRecord | LogProblem {
  const parsed = journalFields(entry);
  if (typeof parsed === 'string') return { line: index, message: `journal block at byte ${offset}: ${parsed}` };
  const fields: Record<string, string> = {};
  let time: LogTime | null = null;
  let provider: string | null = null;
  let message = '';
  let pid: number | null = null;
  for (const [key, value] of parsed) {
    if (key === '__REALTIME_TIMESTAMP') time = microsToLogTime(value);
    else if (key === '_COMM') provider = value === '' ? null : value;
    else if (key === 'MESSAGE') message = value;
    else {
      if (key === '_PID' && /^\d+$/.test(value)) pid = Number(value);
      fields[key] = value;
    }
  }
  return { line: index, time, provider, eventId: null, pid, tid: null, fields, message };
}

/** The entry's fields in order, or why it cannot be read. */
function journalFields(b: Uint8Array): Array<[string, string]> | string {
  const out: Array<[string, string]> = [];
  let pos = 0;
  while (pos < b.length) {
    let nl = b.indexOf(NL, pos);
    if (nl < 0) nl = b.length;
    // An empty line ends the entry (the export format separates entries with one).
    if (nl === pos) break;
    const eq = b.subarray(pos, nl).indexOf(EQ);
    if (eq >= 0) {
      out.push([utf8.decode(b.subarray(pos, pos + eq)), utf8.decode(b.subarray(pos + eq + 1, nl))]);
      pos = nl + 1;
      continue;
    }
    const key = utf8.decode(b.subarray(pos, nl));
    const lenAt = nl + 1;
    if (lenAt + 8 > b.length) return `field ${key} has no value`;
    const view = new DataView(b.buffer, b.byteOffset + lenAt, 8);
    const len = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
    const start = lenAt + 8;
    if (start + len > b.length) return `field ${key} claims ${len} bytes, only ${b.length - start} follow`;
    out.push([key, utf8.decode(b.subarray(start, start + len))]);
    pos = start + len;
    if (pos < b.length && b[pos] !== NL) return `field ${key} is not followed by a newline`;
    pos++;
  }
  if (out.length === 0) return 'empty entry';
  return out;
}

/** µs since 1970 UTC, exactly: split as text so no float is involved. */
function microsToLogTime(text: string): LogTime | null {
  if (!/^\d{1,19}$/.test(text)) return null;
  const padded = text.padStart(7, '0');
  return { sec: Number(padded.slice(0, -6)), ns: Number(padded.slice(-6)) * 1000, zone: 'utc' };
}

const PID_COMMENT = /^PID=(\d+) TID=(\d+)/;

/**
 * etl2pcapng's per-packet `PID=<pid> TID=<tid>` comment as a record (null when no comment has
 * it). ndiscap logs in DPC context, so the PID is often not the sending process (etl2pcapng's
 * README): it is a hint to show, not a socket owner. `time` is the packet's, as the caller has
 * it (a capture timestamp converted to a LogTime), or null.
 */
export function packetCommentRecord(frame: number, comments: readonly string[] | undefined, time: LogTime | null = null): LogRecord | null {
  for (const c of comments ?? []) {
    const m = PID_COMMENT.exec(c);
    if (m === null) continue;
    return {
      line: frame,
      time,
      provider: 'etl2pcapng',
      eventId: null,
      pid: Number(m[1]),
      tid: Number(m[2]),
      fields: { frame: String(frame), pid: m[1]!, tid: m[2]! },
      message: c,
    };
  }
  return null;
}

/**
 * Tells journalRecord's two answers apart. A LogRecord also has `line` and `message`, so with
 * `isLogProblem` TypeScript narrows the other branch to `never` (harmless, but it checks
 * nothing there); `isLogRecord` narrows both branches.
 */
export function isLogProblem(r: LogRecord | LogProblem): r is LogProblem {
  return !('fields' in r);
}

export function isLogRecord(r: LogRecord | LogProblem): r is LogRecord {
  return 'fields' in r;
}
