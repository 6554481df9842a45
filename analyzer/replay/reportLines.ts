import type { AnalyzeEventView, AnalyzeSocketView } from './analyzeView';

/** One WSAEnumNetworkEvents result or one posted message: how the text and Markdown reports show a row. */
export interface ReportRow {
  readonly ts: string;
  readonly frames: readonly number[];
  /** `FD_READ|FD_CLOSE (0x21)` or `FD_CLOSE` (a message). */
  readonly events: string;
  /** `FD_CLOSE: WSAECONNABORTED`, or lParam for a message; empty when every error is 0. */
  readonly errors: string;
  readonly rules: string;
  readonly divergences: readonly string[];
}

/** Groups a socket's events into the rows a reader expects: one per call or message. */
export function reportRows(s: AnalyzeSocketView): ReportRow[] {
  const rows: ReportRow[] = [];
  let group: AnalyzeEventView[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    const first = group[0]!;
    const names = group.map((e) => e.event).join('|');
    const errs = group.filter((e) => e.error !== 0).map((e) => `${e.event}: ${e.error}`);
    rows.push({
      ts: first.ts,
      frames: [...new Set(group.flatMap((e) => e.frames))].sort((a, b) => a - b),
      events: first.lParam !== undefined ? names : `${names} (${first.lNetworkEvents})`,
      errors: first.lParam !== undefined ? `lParam 0x${first.lParam.toString(16).padStart(8, '0')}${errs.length > 0 ? ` (${errs[0]!.split(': ')[1]})` : ''}` : errs.join(', '),
      rules: [...new Set(group.map((e) => e.rule))].join(', '),
      divergences: group.filter((e) => e.divergence !== undefined).map((e) => `${e.event}: ${e.divergence!}`),
    });
    group = [];
  };
  for (const e of s.events) {
    if (group.length > 0 && group[0]!.report !== e.report) flush();
    group.push(e);
  }
  flush();
  return rows;
}

/** `FD_CONNECT → FD_WRITE → FD_READ ×3 → FD_CLOSE(WSAECONNABORTED)`: a socket's story in one line. */
export function outcomeLine(s: AnalyzeSocketView): string {
  const parts: { text: string; n: number }[] = [];
  for (const e of s.events) {
    const text = e.error === 0 ? e.event : `${e.event}(${e.error})`;
    const last = parts[parts.length - 1];
    if (last !== undefined && last.text === text) last.n++;
    else parts.push({ text, n: 1 });
  }
  return parts.length === 0 ? '(no events)' : parts.map((p) => (p.n > 1 ? `${p.text} ×${p.n}` : p.text)).join(' → ');
}

/** `client 10.0.0.5:50412 → 93.184.216.34:443` */
export function socketTitle(s: AnalyzeSocketView): string {
  const arrow = s.role === 'client' ? '→' : s.role === 'accepted' ? '←' : '↔';
  return `${s.role} ${s.local}${s.remote === null ? '' : ` ${arrow} ${s.remote}`}`;
}
