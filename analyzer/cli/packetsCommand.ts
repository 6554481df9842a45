import { PktmonDuplicates } from '../capture/duplicates';
import { formatSeconds } from '../capture/timestamp';
import type { CaptureWarning, PacketRecord } from '../capture/types';
import { packetSummary, type PacketSummary } from '../decode/packetSummary';
import { readCaptureFile } from '../io/readCaptureFile';
import type { ParsedArgs } from './args';
import { captureArgument, LineBuffer, warningLine, type Output } from './output';

/**
 * `packets <capture> [--json]`: one line per packet, streamed. The JSON form is a stable schema
 * for scripts: one object per line, sequence numbers absolute, the timestamp a decimal string.
 */
export async function packetsCommand(args: ParsedArgs, io: Output): Promise<number> {
  const file = captureArgument(args.positional);
  const json = args.flags.has('json');
  const lines = new LineBuffer(io);
  const dups = new PktmonDuplicates();
  let errors = 0;
  await readCaptureFile(
    file,
    {
      packet(p: PacketRecord) {
        const s = packetSummary(p.linkType, p.data, p.len);
        const dupOf = dups.check(p);
        lines.add(json ? jsonLine(p, s, dupOf) : textLine(p, s, dupOf));
      },
      warning(w: CaptureWarning) {
        if (w.severity === 'error') errors++;
        // Warnings go to stderr in both forms so stdout stays one record per line.
        lines.flush();
        io.err(warningLine(file, w));
      },
    },
    {
      afterChunk: () => {
        lines.flush();
        return io.drain();
      },
    },
  );
  lines.flush();
  return errors > 0 ? 1 : 0;
}

function jsonLine(p: PacketRecord, s: PacketSummary, dupOf: number | undefined): string {
  const o: Record<string, unknown> = {
    n: p.n,
    ts: formatSeconds(p.ts),
    iface: p.iface,
    caplen: p.caplen,
    len: p.len,
  };
  if (p.comments) o['comment'] = p.comments.join('\n');
  if (p.direction) o['dir'] = p.direction;
  if (p.packetId !== undefined) o['packetId'] = p.packetId.toString();
  if (dupOf !== undefined) o['dupOf'] = dupOf;
  if (s.src !== undefined) o['src'] = s.src;
  if (s.dst !== undefined) o['dst'] = s.dst;
  o['proto'] = s.proto;
  if (s.sport !== undefined) o['sport'] = s.sport;
  if (s.dport !== undefined) o['dport'] = s.dport;
  if (s.tcp) {
    o['flags'] = s.tcp.flags;
    o['seq'] = s.tcp.seq;
    o['ack'] = s.tcp.ack;
    o['win'] = s.tcp.win;
    o['urg'] = s.tcp.urg;
  }
  if (s.icmp) o['icmp'] = s.icmp;
  if (s.payload !== undefined) o['payload'] = s.payload;
  if (s.problems) o['problems'] = s.problems;
  return JSON.stringify(o) + '\n';
}

function textLine(p: PacketRecord, s: PacketSummary, dupOf: number | undefined): string {
  const ends = s.src === undefined
    ? ''
    : s.sport !== undefined
      ? ` ${endpoint(s.src, s.sport)} → ${endpoint(s.dst!, s.dport!)}`
      : ` ${s.src} → ${s.dst}`;
  let detail = '';
  if (s.tcp) {
    detail = ` [${s.tcp.flags || '.'}] seq=${s.tcp.seq} ack=${s.tcp.ack} win=${s.tcp.win}`;
    if (s.tcp.urg) detail += ` urg=${s.tcp.urg}`;
  } else if (s.icmp) {
    detail = ` type=${s.icmp.type} code=${s.icmp.code}`;
    if (s.icmp.quoted) detail += ` (quotes ${s.icmp.quoted})`;
  }
  if (s.payload !== undefined) detail += ` len=${s.payload}`;
  const extra = [
    p.direction ?? '',
    dupOf !== undefined ? `copy of ${dupOf}` : '',
    ...(s.problems ?? []),
    ...(p.comments ?? []).map((c) => `# ${c.replace(/\s+/g, ' ')}`),
  ].filter((x) => x.length > 0);
  return `${p.n} ${formatSeconds(p.ts)} if${p.iface}${ends} ${s.proto.toUpperCase()}${detail}${extra.length ? '  ' + extra.join('  ') : ''}\n`;
}

function endpoint(addr: string, port: number): string {
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}
