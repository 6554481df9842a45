import type { Timestamp } from '../capture/timestamp';
import { relativeSeconds } from '../connections/connectionView';
import type { AnalyzeSocketView, AnalyzeView } from '../replay/analyzeView';
import { callSourcesText } from '../replay/loggedCalls';
import { outcomeLine, reportRows, socketTitle } from '../replay/reportLines';

const SGR = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36' } as const;

/** Strips what a terminal would act on (escape sequences, other controls) from text that came from a capture. */
function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

function plural(k: number, what: string): string {
  return `${k} ${what}${k === 1 ? '' : 's'}`;
}

/** The terminal report of `analyze`, in pieces so that sockets can be printed as they are replayed. */
export class AnalyzeText {
  constructor(private readonly color: boolean, private readonly origin: () => Timestamp | null) {}

  private c(k: keyof typeof SGR, s: string): string {
    return this.color ? `\x1b[${SGR[k]}m${s}\x1b[0m` : s;
  }

  header(file: string, o: AnalyzeView['options']): string {
    return `${plain(file)}: profile ${o.profile} · ${o.api} · mask ${o.mask}\napplication model ${o.appText}\n`;
  }

  /** Per socket: its story in one line, one row per WSAEnumNetworkEvents call or message, the notes. */
  socket(s: AnalyzeSocketView, messages: boolean): string {
    let out = '\n' + this.c('bold', `#${s.id} ${plain(socketTitle(s))}`) + (s.connState !== null ? `  ${s.connState} ${s.history ?? ''}` : '') +
      (s.listener !== undefined ? `  (from listener #${s.listener})` : '') + '\n';
    out += `   ${outcomeLine(s)}\n`;
    const origin = this.origin();
    for (const r of reportRows(s)) {
      const t = origin === null ? r.ts : relativeSeconds(fromSeconds(r.ts), origin);
      const frames = r.frames.length === 0 ? '-' : r.frames.map((f) => `#${f}`).join(',');
      const err = r.errors === '' ? '' : ' ' + (r.errors.includes('WSA') ? this.c('red', r.errors) : r.errors);
      out += `   ${t.padStart(11)}  ${frames.padEnd(9)} ${messages ? 'message ' : ''}${r.events}${err}  ${this.c('dim', `[${r.rules}]`)}\n`;
      for (const d of r.divergences) out += `   ${''.padStart(11)}  ${''.padEnd(9)} ${this.c('cyan', `≠ ${d}`)}\n`;
    }
    for (const x of s.otherProfile) out += `   ${this.c('cyan', `≠ ${x.text}${x.frames.length > 0 ? ` (frame ${x.frames.join(', ')})` : ''}`)}\n`;
    if (s.program !== undefined) out += `   ${this.c('dim', callSourcesText(s.program))}\n`;
    for (const d of s.diagnosis) out += `   ${this.c('yellow', `! ${d}`)}\n`;
    return out;
  }

  footer(capture: AnalyzeView['capture'], sockets: number, warnings: readonly string[]): string {
    let out = `\n${plural(capture.packets, 'packet')}, ${plural(capture.connections, 'connection')}, ${plural(sockets, 'local socket')}` +
      (capture.first !== null ? `; times are seconds after the first packet (${capture.first})` : '') + '\n';
    for (const w of warnings) out += this.c('yellow', `warning: ${plain(w)}`) + '\n';
    return out;
  }
}

/** A view's exact `<seconds>.<9 digits>` back into a Timestamp (nine digits stay exact in a double). */
function fromSeconds(text: string): Timestamp {
  const [sec, frac = ''] = text.split('.');
  return { sec: Number(sec), frac: Number(frac.padEnd(9, '0').slice(0, 9)), unitsPerSec: 1e9 };
}
