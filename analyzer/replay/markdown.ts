import type { AnalyzeSocketView, AnalyzeView } from './analyzeView';
import { outcomeLine, reportRows, socketTitle } from './reportLines';

/** Text inside a GitHub table cell: pipes and line breaks would end the cell. */
function cell(s: string): string {
  // File names and payload-derived text must not become HTML or break the table.
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** GitHub-flavoured Markdown of the whole analysis, for a bug report. */
export function analyzeMarkdown(v: AnalyzeView): string {
  const o = v.options;
  let md = `## Winsock Replay: ${cell(v.capture.file)}\n\n`;
  md += `${v.capture.packets} packets, ${v.capture.connections} connections, ${v.sockets.length} local sockets. `;
  md += `Profile **${o.profile}**, ${o.api}, mask \`${o.mask}\`, application model *${o.app}* (${cell(o.appText)}).\n`;
  if (v.warnings.length > 0) md += `\n${v.warnings.map((w) => `> ${cell(w)}`).join('\n>\n')}\n`;
  for (const s of v.sockets) md += `\n${socketMarkdown(s, o.api === 'WSAAsyncSelect')}`;
  return md;
}

/** One socket: a heading, its story in one line, the table, the diagnosis. */
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
  const notes = [...s.otherProfile.map((x) => `${x.text}${x.frames.length > 0 ? ` (frame ${x.frames.join(', ')})` : ''}`), ...s.diagnosis];
  if (notes.length > 0) md += `\n${notes.map((d) => `- ${cell(d)}`).join('\n')}\n`;
  return md;
}
