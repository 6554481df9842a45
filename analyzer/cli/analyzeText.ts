import type { AnalyzeView } from '../replay/analyzeView';
import { outcomeLine, reportRows, socketTitle } from '../replay/reportLines';

const SGR = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36' } as const;

/** Strips what a terminal would act on (escape sequences, other controls) from text that came from a capture. */
function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

/** The terminal table of `analyze`: per socket, its story in one line, one row per report, the diagnosis. */
export function analyzeText(v: AnalyzeView, color: boolean): string {
  const c = (k: keyof typeof SGR, s: string): string => (color ? `\x1b[${SGR[k]}m${s}\x1b[0m` : s);
  const o = v.options;
  const messages = o.api === 'WSAAsyncSelect';
  const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
  let out = `${plain(v.capture.file)}: ${n(v.capture.packets, 'packet')}, ${n(v.capture.connections, 'connection')}, ${n(v.sockets.length, 'local socket')}\n`;
  out += `profile ${o.profile} · ${o.api} · mask ${o.mask} · application model ${o.appText}\n`;
  for (const w of v.warnings) out += c('yellow', `warning: ${plain(w)}`) + '\n';
  const origin = v.capture.first;
  for (const s of v.sockets) {
    out += '\n' + c('bold', `#${s.id} ${socketTitle(s)}`) + (s.connState !== null ? `  ${s.connState} ${s.history ?? ''}` : '') +
      (s.listener !== undefined ? `  (from listener #${s.listener})` : '') + '\n';
    out += `   ${outcomeLine(s)}\n`;
    for (const r of reportRows(s)) {
      const t = origin === null ? r.ts : relative(r.ts, origin);
      const frames = r.frames.length === 0 ? '-' : r.frames.map((f) => `#${f}`).join(',');
      const err = r.errors === '' ? '' : ' ' + (r.errors.includes('WSAE') ? c('red', r.errors) : r.errors);
      out += `   ${t.padStart(11)}  ${frames.padEnd(9)} ${messages ? 'message ' : ''}${r.events}${err}  ${c('dim', `[${r.rules}]`)}\n`;
      for (const d of r.divergences) out += `   ${''.padStart(11)}  ${''.padEnd(9)} ${c('cyan', `≠ ${d}`)}\n`;
    }
    for (const x of s.otherProfile) out += `   ${c('cyan', `≠ ${x.text}${x.frames.length > 0 ? ` (frame ${x.frames.join(', ')})` : ''}`)}\n`;
    for (const d of s.diagnosis) out += `   ${c('yellow', `! ${d}`)}\n`;
  }
  return out;
}

/** Seconds after the first packet, to the microsecond, from two exact decimal strings. */
function relative(ts: string, origin: string): string {
  const ns = (x: string): bigint => {
    const [s, f = ''] = x.split('.');
    return BigInt(s!) * 1_000_000_000n + BigInt(f.padEnd(9, '0').slice(0, 9));
  };
  const d = ns(ts) - ns(origin);
  const neg = d < 0n;
  const a = neg ? -d : d;
  const us = a / 1000n;
  return `${neg ? '-' : ''}${us / 1_000_000n}.${(us % 1_000_000n).toString().padStart(6, '0')}`;
}
