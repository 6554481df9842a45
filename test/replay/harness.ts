import { ConnectionsCollector } from '../../analyzer/connections/connectionsCollector';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { analyzeView, type AnalyzeSocketView, type AnalyzeView } from '../../analyzer/replay/analyzeView';
import { DEFAULT_OPTIONS, type ReplayOptions } from '../../analyzer/replay/options';
import { replayConnections } from '../../analyzer/replay/replay';

export async function analyzeFile(file: string, opts: Partial<ReplayOptions> = {}, local: string[] | null = null): Promise<AnalyzeView> {
  const c = new ConnectionsCollector(local, { windowEvidence: opts.app === 'window' });
  const summary = await readCaptureFile(file, { iface: (i) => c.iface(i), packet: (p) => c.packet(p), warning: () => undefined }, { reuseRecords: true });
  const res = c.result();
  const result = replayConnections(res.connections, (r) => res.local.decide(r), { ...DEFAULT_OPTIONS, ...opts });
  return analyzeView({ file, summary, first: res.firstTs, last: null, connections: res.connections.length, warnings: [], local }, result);
}

/**
 * A socket's reports in a compact form written by hand: `[frames] EVENT EVENT:ERROR …` per
 * WSAEnumNetworkEvents call or message, events sorted by name so the order of bits does not matter.
 */
export function compact(s: AnalyzeSocketView): string[] {
  const byReport = new Map<number, { frames: Set<number>; events: string[] }>();
  for (const e of s.events) {
    let r = byReport.get(e.report);
    if (r === undefined) byReport.set(e.report, (r = { frames: new Set(), events: [] }));
    for (const f of e.frames) r.frames.add(f);
    r.events.push(e.error === 0 ? e.event : `${e.event}:${e.error}`);
  }
  return [...byReport.values()].map((r) => `[${[...r.frames].sort((a, b) => a - b).join(',')}] ${r.events.sort().join(' ')}`);
}

/** `role local` → compact reports, for every socket of the analysis. */
export function timelines(v: AnalyzeView): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of v.sockets) out[`${s.role} ${s.local}`] = compact(s);
  return out;
}

export function socket(v: AnalyzeView, role: string, local: string): AnalyzeSocketView {
  const s = v.sockets.find((x) => x.role === role && x.local === local);
  if (s === undefined) throw new Error(`no ${role} socket ${local}; have ${v.sockets.map((x) => `${x.role} ${x.local}`).join(', ')}`);
  return s;
}
