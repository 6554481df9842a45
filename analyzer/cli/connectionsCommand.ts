import { ConnectionsCollector } from '../connections/connectionsCollector';
import { connectionView, relativeSeconds, type ConnectionView } from '../connections/connectionView';
import type { Happening } from '../connections/happenings';
import { LOCAL_RULE_TEXT, parseLocalAddresses, type LocalRule } from '../connections/localSides';
import type { ConnectionRecord, DirectionStats } from '../connections/record';
import type { Timestamp } from '../capture/timestamp';
import { readCaptureFile } from '../io/readCaptureFile';
import { UsageError, type ParsedArgs } from './args';
import { captureArgument, LineBuffer, warningLine, type Output } from './output';

const KNOWN_FLAGS = new Set(['json', 'local', 'happenings']);

/**
 * `connections <capture> [--local ip,…] [--json] [--happenings]`: one row per TCP connection and
 * UDP flow. With --json, one object per line (schema: analyzer/connections/connectionView.ts),
 * happenings included; --happenings lists them under each text row too.
 */
export async function connectionsCommand(args: ParsedArgs, io: Output): Promise<number> {
  for (const f of args.flags.keys()) if (!KNOWN_FLAGS.has(f)) throw new UsageError(`unknown option --${f} for connections`);
  const file = captureArgument(args.positional);
  const json = args.flags.has('json');
  const listHappenings = json || args.flags.has('happenings');
  let local: string[] | null = null;
  const localFlag = args.flags.get('local');
  if (localFlag !== undefined) {
    if (localFlag === true) throw new UsageError('option --local needs a value');
    try {
      local = parseLocalAddresses(localFlag);
    } catch (e) {
      throw new UsageError(`--local: ${(e as Error).message}`);
    }
  }

  const collector = new ConnectionsCollector(local);
  let errors = 0;
  await readCaptureFile(
    file,
    {
      iface: (i) => collector.iface(i),
      packet: (p) => collector.packet(p),
      warning: (w) => {
        if (w.severity === 'error') errors++;
        io.err(warningLine(file, w));
      },
    },
    // The connections stage keeps nothing of a packet's record.
    { reuseRecords: true },
  );
  const result = collector.result();
  const lines = new LineBuffer(io);
  const rules = new Map<LocalRule, number>();
  for (const r of result.connections) {
    const decision = result.local.decide(r);
    rules.set(decision.rule, (rules.get(decision.rule) ?? 0) + 1);
    const v = connectionView(r, decision, listHappenings);
    if (json) lines.add(JSON.stringify(v) + '\n');
    else lines.add(textRow(v, r, result.firstTs!, listHappenings));
  }
  if (!json) {
    const s = result.stats;
    lines.add(
      `${result.connections.length} connection${result.connections.length === 1 ? '' : 's'} ` +
        `(${s.tcpPackets} TCP, ${s.udpPackets} UDP packets; ICMP errors tied ${s.icmpTied}, untied ${s.icmpUntied}` +
        `${s.pktmonCopies > 0 ? `; ${s.pktmonCopies} pktmon copies counted once` : ''})\n`,
    );
    for (const [rule, n] of rules) lines.add(`local side of ${n}: ${LOCAL_RULE_TEXT[rule]}\n`);
  }
  lines.flush();
  return errors > 0 ? 1 : 0;
}

function textRow(v: ConnectionView, r: ConnectionRecord, origin: Timestamp, withHappenings: boolean): string {
  const end = (e: ConnectionView['client']): string =>
    `${v.ipVersion === 6 ? `[${e.address}]` : e.address}:${e.port}${e.local ? ' (local)' : ''}`;
  const flags = [v.partial ? 'partial' : '', v.reusedPort ? 'reused port' : ''].filter((x) => x !== '').join(', ');
  let row =
    `#${v.id} ${v.protocol} ${end(v.client)} → ${end(v.server)}  ${v.connState} ${v.history || '-'}` +
    `  start ${relativeSeconds(r.start, origin)} dur ${v.duration.replace(/(\.\d{6})\d+$/, '$1')}s` +
    `  → ${traffic(v.toServer)}  ← ${traffic(v.toClient)}` +
    (flags ? `  [${flags}]` : '') +
    '\n';
  for (const n of v.notes) row += `    note: ${n}\n`;
  if (withHappenings) {
    for (const h of r.happenings) row += `    ${relativeSeconds(h.ts, origin)}  #${h.frame}  ${h.at.padEnd(6)} ${describe(h)}\n`;
  }
  return row;
}

function traffic(s: DirectionStats): string {
  return `${s.packets} pkt ${s.payloadBytes} B`;
}

function describe(h: Happening): string {
  switch (h.kind) {
    case 'connect-attempt': return 'connect-attempt';
    case 'connect-retry': return `connect-retry (attempt ${h.attempt}, after ${h.after})`;
    case 'connect-timeout': return `connect-timeout (${h.reason}, ${h.attempts} SYN${h.attempts === 1 ? '' : 's'})`;
    case 'peer-sends': return `peer-sends ${h.bytes} B (total ${h.total}${h.unseen !== undefined ? `, not captured: credited on the ACK` : ''})`;
    case 'peer-sends-oob': return `peer-sends-oob at offset ${h.offset}${h.value >= 0 ? ` (0x${h.value.toString(16).padStart(2, '0')})` : ''}`;
    case 'peer-fin': return `peer-fin after ${h.total} B`;
    case 'rst-ignored': return `rst-ignored: ${h.reason}`;
    case 'peer-window-open': return `peer-window-open (${h.window} B)`;
    case 'local-window-grows': return `local-window-grows +${h.bytes} B (window ${h.window} B${h.reopened ? ', reopened' : ''})`;
    case 'connect-unreachable':
    case 'icmp-error':
    case 'peer-unreachable': return `${h.kind}: ICMP${h.icmp.version === 6 ? 'v6' : ''} ${h.icmp.type}/${h.icmp.code} ${h.icmp.name} from ${h.icmp.from}`;
    case 'datagram': return `datagram ${h.bytes} B`;
    default: return h.kind;
  }
}
