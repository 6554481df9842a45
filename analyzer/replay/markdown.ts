import type { AnalyzeSocketView, AnalyzeView } from './analyzeView';
import { callSourcesText } from './loggedCalls';
import { outcomeLine, reportRows, socketTitle } from './reportLines';

/** Text inside Markdown (a table cell, a heading): must not become HTML or break the table. */
function cell(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** The report's head: which file, under which assumptions. */
export function markdownHeader(file: string, o: AnalyzeView['options']): string {
  return `## Winsock Replay: ${cell(file)}\n\n` +
    `Profile **${o.profile}**, ${o.api}, mask \`${o.mask}\`, application model *${o.app}* (${cell(o.appText)}).\n`;
}

/** The report's tail: what was read, and every warning. */
export function markdownFooter(capture: AnalyzeView['capture'], sockets: number, warnings: readonly string[]): string {
  let md = `\n---\n\n${capture.packets} packets, ${capture.connections} connections, ${sockets} local sockets.\n`;
  if (warnings.length > 0) md += `\n${warnings.map((w) => `> ${cell(w)}`).join('\n>\n')}\n`;
  return md;
}

/** GitHub-flavoured Markdown of a whole analysis, for a bug report. */
export function analyzeMarkdown(v: AnalyzeView): string {
  let md = markdownHeader(v.capture.file, v.options);
  for (const s of v.sockets) md += `\n${socketMarkdown(s, v.options.api === 'WSAAsyncSelect')}`;
  return md + markdownFooter(v.capture, v.sockets.length, v.warnings);
}

/** One socket: a heading, its story in one line, the table, the notes and the diagnosis. */
export function socketMarkdown(s: AnalyzeSocketView, messages: boolean): string {
  let md = `### Socket ${s.id}: ${cell(socketTitle(s))}${s.connState !== null ? ` (${s.connState} ${cell(s.history ?? '')})` : ''}\n\n`;
  md += `${cell(outcomeLine(s))}\n\n`;
  const rows = reportRows(s);
  if (rows.length > 0) {
    md += `| time (s) | frames | ${messages ? 'message' : 'WSAEnumNetworkEvents'} | ${messages ? 'lParam' : 'iErrorCode'} | rule | other profile |\n`;
    md += '| --- | --- | --- | --- | --- | --- |\n';
    for (const r of rows) {
      md += `| ${r.ts} | ${r.frames.join(', ')} | ${cell(r.events)} | ${cell(r.errors)} | ${cell(r.rules)} | ${cell(r.divergences.join('; '))} |\n`;
    }
  }
  const notes = [
    ...(s.program !== undefined ? [callSourcesText(s.program)] : []),
    ...s.otherProfile.map((x) => `${x.text}${x.frames.length > 0 ? ` (frame ${x.frames.join(', ')})` : ''}`),
    ...s.diagnosis,
  ];
  if (notes.length > 0) md += `\n${notes.map((d) => `- ${cell(d)}`).join('\n')}\n`;
  return md;
}
