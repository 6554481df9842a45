/**
 * `pktmon etl2txt` output and pktmon's real-time console (notes §2e). Two prefixes:
 *   `[30]0000.0000::2025-03-27 16:10:34.934020500 [Microsoft-Windows-PktMon] Drop: PktGroupId …`
 *   `23:02:26.539704700 PktGroupId 562949953421500, PktNumber 1, …`   (real-time, `-t`)
 * A packet line is a list of `Name Value ,` pairs (values may hold spaces and colons, and end in
 * a space before the comma); the indented tcpdump-style line under it is its decode. Other
 * providers enabled in the same session print their messages as netsh does and are identified
 * the same way. The component/filter list pktmon prints at the end of a file is a trailer, not
 * events.
 */
import type { LogRecord, LogSink, LogTime } from '../logRecord';
import { PROVIDERS } from '../catalog/index';
import { guardedLines } from './guardedLines';
import {
  emptyCounts, identified, isConsoleLine, parseEtwPrefix, parseTimeOnly, type TextLogReader,
} from './netshText';

/** Microsoft-Windows-PktMon event ids (notes §4.2): 160 packet, 170 drop. */
const PKTMON_PACKET = 160;
const PKTMON_DROP = 170;

/** `Drop: PktGroupId …` or a bare `PktGroupId …`: the label, if any, then the pairs. */
const PACKET_BODY = /^(?:([A-Za-z][A-Za-z ]*?):\s+)?(PktGroupId\b.*)$/;

/** The `Name Value` pairs of a packet line, values trimmed (`Direction Rx ,` → Rx). */
export function packetFields(pairs: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const piece of pairs.split(',')) {
    const t = piece.trim();
    if (t === '') continue;
    const space = t.indexOf(' ');
    const name = space < 0 ? t : t.slice(0, space);
    const value = space < 0 ? '' : t.slice(space + 1).trim();
    if (!Object.prototype.hasOwnProperty.call(fields, name)) fields[name] = value;
  }
  return fields;
}

interface Pending {
  line: number;
  time: LogTime;
  provider: string | null;
  pid: number | null;
  tid: number | null;
  message: string;
  /** Set for packet lines: their pairs (identify() knows nothing of PktMon). */
  packet: { eventId: number; fields: Record<string, string> } | null;
  decode: string[];
}

const TIME_ONLY_LINE = /^(\d{1,2}:\d{2}:\d{2}\.\d{1,9})\s+(.*)$/;
const BRACKETED_PROVIDER = /^\[([^\]]*)\]\s*(.*)$/;

/** The first line of the component list: a heading (`…:`), a dashed rule or aligned columns. */
const TRAILER_START = /:\s*$|^-+(?:\s+-+)*$|\S\s{2,}\S/;

export function createPktmonTextReader(sink: LogSink): TextLogReader {
  const counts = emptyCounts();
  let pending: Pending | null = null;
  let broken = false;
  /** Console transcript or the trailing component list: skipped until the next record. */
  let skipping = false;

  function start(lineNo: number, time: LogTime, provider: string | null, pid: number | null, tid: number | null, body: string): void {
    const m = PACKET_BODY.exec(body.trim());
    const isPacket = m !== null && (provider === null || provider.toLowerCase() === PROVIDERS.PKTMON.toLowerCase());
    pending = {
      line: lineNo,
      time,
      provider: isPacket ? provider ?? PROVIDERS.PKTMON : provider,
      pid,
      tid,
      message: body.trim(),
      packet: isPacket
        ? { eventId: /^drop$/i.test(m![1] ?? '') ? PKTMON_DROP : PKTMON_PACKET, fields: packetFields(m![2]!) }
        : null,
      decode: [],
    };
  }

  function flush(): void {
    if (pending === null) return;
    const p = pending;
    pending = null;
    let eventId: number | null;
    let fields: Record<string, string>;
    let message = p.message;
    if (p.packet !== null) {
      eventId = p.packet.eventId;
      fields = p.packet.fields;
      if (p.decode.length > 0) fields.decode = p.decode.join('\n');
    } else {
      if (p.decode.length > 0) message = `${message} ${p.decode.join(' ')}`;
      ({ eventId, fields } = identified(p.provider, message));
    }
    const record: LogRecord = { line: p.line, time: p.time, provider: p.provider, eventId, pid: p.pid, tid: p.tid, fields, message };
    sink.record(record);
  }

  function line(text: string, lineNo: number): void {
    const parsed = parseEtwPrefix(text);
    if (parsed !== null) {
      flush();
      skipping = false;
      if ('problem' in parsed) {
        broken = true;
        counts.problems++;
        sink.problem({ line: lineNo, message: parsed.problem });
        return;
      }
      broken = false;
      counts.records++;
      const p = parsed.prefix;
      start(lineNo, p.time, p.provider, p.pid, p.tid, p.message);
      return;
    }
    const timeOnly = TIME_ONLY_LINE.exec(text);
    if (timeOnly !== null) {
      const time = parseTimeOnly(timeOnly[1]!);
      flush();
      skipping = false;
      if (time === null) {
        broken = true;
        counts.problems++;
        sink.problem({ line: lineNo, message: `unreadable time "${timeOnly[1]}"` });
        return;
      }
      broken = false;
      counts.records++;
      const body = timeOnly[2]!;
      const bracket = BRACKETED_PROVIDER.exec(body);
      const provider = bracket === null ? null : bracket[1]!.trim() || null;
      start(lineNo, time, provider, null, null, bracket === null ? body : bracket[2]!);
      return;
    }
    if (text.trim() === '') {
      flush();
      broken = false;
      counts.blank++;
      return;
    }
    if (skipping || isConsoleLine(text)) {
      flush();
      broken = false;
      skipping = true;
      counts.skipped++;
      return;
    }
    if (pending !== null && /^\s/.test(text)) {
      pending.decode.push(text.trim());
      counts.continuations++;
      return;
    }
    if (broken) {
      counts.continuations++;
      return;
    }
    if (counts.records > 0 && TRAILER_START.test(text.trim())) {
      flush();
      skipping = true;
      counts.skipped++;
      return;
    }
    counts.problems++;
    sink.problem({ line: lineNo, message: 'not a pktmon line (no [CPU]PID.TID::time or hh:mm:ss prefix)' });
  }

  return guardedLines(line, flush, counts, sink);
}
