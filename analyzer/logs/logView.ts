/**
 * The log side of `analyze --json` (schema winsock-replay/analyze@1, whose optional `logs` key
 * and per-socket `log` key these are): plain data, the same for the CLI, the editor and tests.
 * Times are `"<seconds>.<9 digits>"` strings on the capture's clock like every other time of the
 * schema; offsets and residuals are integers of nanoseconds.
 */
import { formatSeconds } from '../capture/timestamp';
import { wsaName } from '../model/winsockErrors';
import type { ClockEstimate } from './clock';
import type { Comparison, Verdict } from './compare';
import type { LogAnalysis, LogResult, SocketLogView } from './logAnalysis';
import { logTimeText } from './logTime';
import { subjectText } from './tie';

export interface LogFileView {
  readonly file: string;
  readonly format: string;
  readonly encoding: string | null;
  readonly records: number;
  readonly dropped: number;
  readonly problems: { readonly count: number; readonly first: readonly { readonly line: number; readonly message: string }[] };
  readonly clock: ClockView;
  readonly subjects: { readonly tied: number; readonly untied: readonly { readonly subject: string; readonly why: string }[] };
}

export interface ClockView {
  readonly how: ClockEstimate['how'];
  readonly offsetNs: number;
  readonly driftPpm: number;
  readonly shiftNs: number;
  readonly pairs: number;
  readonly medianResidualNs: number;
  readonly maxResidualNs: number;
  readonly summary: string;
  readonly residuals: readonly { readonly line: number; readonly frame: number | null; readonly what: string; readonly ns: number }[];
}

export interface SocketLogJson {
  readonly ties: readonly { readonly log: number; readonly subject: string; readonly how: string; readonly confidence: string }[];
  readonly summary: Readonly<Record<Verdict, number>>;
  readonly compare: readonly ComparisonView[];
}

export interface ComparisonView {
  readonly verdict: Verdict;
  readonly event: string;
  readonly ts: string | null;
  readonly frames: readonly number[];
  readonly error: 0 | string | null;
  readonly log: { readonly log: number; readonly line: number; readonly ts: string; readonly text: string } | null;
  readonly reason: string;
}

export function logFileView(r: LogResult): LogFileView {
  const tied = r.subjects.filter((s) => s.tie !== null).length;
  return {
    file: r.log.name, format: r.log.format, encoding: r.log.encoding, records: r.log.records.length, dropped: r.log.dropped,
    problems: { count: r.log.problemCount, first: r.log.problems.map((p) => ({ line: p.line, message: p.message })) },
    clock: clockView(r.clock),
    subjects: { tied, untied: r.subjects.filter((s) => s.tie === null).map((s) => ({ subject: subjectText(s.subject), why: s.untied })) },
  };
}

function clockView(c: ClockEstimate): ClockView {
  return {
    how: c.how, offsetNs: Math.round(c.offsetNs), driftPpm: Math.round(c.driftPpm * 100) / 100, shiftNs: Math.round(c.shiftNs), pairs: c.pairs,
    medianResidualNs: Math.round(c.medianResidualNs), maxResidualNs: Math.round(c.maxResidualNs), summary: c.summary,
    residuals: c.residuals.map((r) => ({ line: r.pair.line, frame: r.pair.frame, what: r.pair.what, ns: Math.round(r.ns) })),
  };
}

export function socketLogJson(v: SocketLogView): SocketLogJson {
  const summary: Record<Verdict, number> = { matched: 0, missing: 0, extra: 0, late: 0, error: 0 };
  for (const c of v.comparisons) summary[c.verdict]++;
  return {
    ties: v.ties.map((t) => ({ log: t.log, subject: subjectText(t.subject.subject), how: t.subject.tie!.how, confidence: t.subject.tie!.confidence })),
    summary,
    compare: v.comparisons.map(comparisonView),
  };
}

function comparisonView(c: Comparison): ComparisonView {
  const e = c.reconstructed;
  return {
    verdict: c.verdict, event: c.event, ts: e === null ? null : formatSeconds(e.ts), frames: e === null ? [] : [...e.frames],
    error: e === null ? null : e.error === 0 ? 0 : wsaName(e.error),
    log: c.evidence === null ? null : { log: c.evidence.log, line: c.evidence.line, ts: formatSeconds(c.evidence.ts), text: c.evidence.text },
    reason: c.reason,
  };
}

/** Lines for a terminal or Markdown: the logs, their clocks and what could not be tied. */
export function logsSummaryLines(a: LogAnalysis): string[] {
  const lines: string[] = [];
  a.logs.forEach((r, i) => {
    const v = logFileView(r);
    lines.push(`log ${i + 1}: ${v.file} (${v.format}${v.encoding === null ? '' : `, ${v.encoding}`}): ${v.records} records` +
      `${v.dropped > 0 ? ` (+${v.dropped} not kept)` : ''}${v.problems.count > 0 ? `, ${v.problems.count} lines not understood` : ''}`);
    lines.push(`   clock: ${v.clock.summary}${v.clock.pairs > 0 ? `; residuals median ${us(v.clock.medianResidualNs)}, largest ${us(v.clock.maxResidualNs)}` : ''}`);
    for (const p of v.problems.first.slice(0, 3)) lines.push(`   line ${p.line}: ${p.message}`);
    lines.push(`   ${v.subjects.tied} of ${v.subjects.tied + v.subjects.untied.length} subjects tied to sockets`);
    for (const u of v.subjects.untied.slice(0, 5)) lines.push(`   untied ${u.subject}: ${u.why}`);
    if (v.subjects.untied.length > 5) lines.push(`   … ${v.subjects.untied.length - 5} more untied`);
  });
  return lines;
}

/** Lines under a socket: how it is tied, and each verdict that is not a plain match. */
export function socketLogLines(v: SocketLogView, analysis: LogAnalysis): string[] {
  const j = socketLogJson(v);
  const lines = j.ties.map((t) => `log ${t.log + 1}: ${t.subject} (${t.confidence}: ${t.how})`);
  const counts = (Object.entries(j.summary) as [Verdict, number][]).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  lines.push(`compared: ${counts.length === 0 ? 'nothing the logs can show' : counts.join(', ')}`);
  for (const c of v.comparisons) {
    if (c.verdict === 'matched') continue;
    const rec = c.evidence === null ? null : analysis.logs[c.evidence.log]!.log.records[c.evidence.record];
    const when = rec?.time ? ` [${logTimeText(rec.time)}]` : '';
    lines.push(`${c.verdict.toUpperCase()} ${c.event}: ${c.reason}${when}`);
  }
  return lines;
}

function us(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(3)} ms` : `${(ns / 1e3).toFixed(1)} µs`;
}
