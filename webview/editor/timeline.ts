import type { AnalyzeEventView, EditorLogsView, EditorResult, LogLaneRow, PacketRowView, RuleView, SocketRowView, SocketSummaryView, TimeFormat } from '../protocol';
import { clear, h } from './dom';
import type { Requests } from './requests';
import { packetTime, relative, utc } from './time';

type Entry =
  | { readonly kind: 'wire'; readonly frame: number; readonly row: PacketRowView }
  | { readonly kind: 'model'; readonly frame: number; readonly ts: string; readonly events: readonly AnalyzeEventView[] }
  | { readonly kind: 'log'; readonly frame: number; readonly row: LogLaneRow };

const LANE_ORDER = { wire: 0, model: 1, log: 2 } as const;

/**
 * One socket's timeline: a wire lane (its packets, paged from the host) beside the model lane
 * (each WSAEnumNetworkEvents result or posted message, from the socket's story, which the host
 * sends when the socket is selected) and, when logs are attached, the log lane
 * (each log line tied to the socket, placed by its aligned time after the last packet before
 * it). Selecting a report shows its rules, their sources, the causing frames and the
 * documented/windows divergence; selecting a log row opens the log at that line.
 */
export class Timeline {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly diagnosis: HTMLElement;
  private readonly body: HTMLElement;
  private readonly details: HTMLElement;
  private readonly more: HTMLButtonElement;
  /** Says that the socket's story is on its way, or why it did not come. */
  private readonly pending: HTMLElement;
  private socket: SocketSummaryView | null = null;
  /** The selected socket's whole story (events, other profile, program), once the host sent it. */
  private story: SocketRowView | null = null;
  /** The socket whose story was last asked for: selecting it again (the analysis ending does) asks no more. */
  private asked: number | null = null;
  /** Counts the asks: only the latest one's answer is shown. */
  private asks = 0;
  private wire: PacketRowView[] = [];
  private next: number | null = null;
  private generation = 0;
  private logs: EditorLogsView | null = null;
  private readonly comparison: HTMLElement;

  constructor(
    private readonly requests: Requests,
    private timeFormat: TimeFormat,
    private first: string | null,
    private readonly onFrame: (frame: number) => void,
    private readonly onLogLine: (log: number, line: number) => void,
  ) {
    this.title = h('h2', {}, 'Timeline');
    this.diagnosis = h('ul', { class: 'diagnosis' });
    this.pending = h('p', { class: 'muted', hidden: true });
    this.comparison = h('div', { class: 'comparison', 'aria-label': 'Compared with the logs' });
    this.more = h('button', { type: 'button' }, 'More packets');
    this.more.addEventListener('click', () => this.loadWire());
    this.body = h('div', { class: 'timeline-body', role: 'rowgroup' });
    this.details = h('div', { class: 'details', 'aria-live': 'polite' });
    const header = h('div', { role: 'row' }, ...['Frame', 'Time', 'Wire / log', 'Model (FD_* reported)'].map((c) => h('div', { role: 'columnheader' }, c)));
    this.root = h('section', { 'aria-label': 'Timeline', hidden: true }, this.title, this.diagnosis, this.pending, this.comparison,
      h('div', { class: 'grid timeline', role: 'grid', 'aria-label': 'Timeline' }, h('div', { role: 'rowgroup' }, header), this.body),
      h('div', { class: 'toolbar' }, this.more), this.details);
  }

  setOrigin(first: string | null): void {
    this.first = first;
    this.render();
  }

  /** The attached logs' view (null: none attached, or the analysis has not finished). */
  setLogs(logs: EditorLogsView | null): void {
    this.logs = logs;
    if (this.socket !== null) {
      this.renderComparison();
      this.render();
    }
  }

  setTimeFormat(f: TimeFormat): void {
    this.timeFormat = f;
    this.render();
  }

  /** Shows socket `s` (null: none, and a new analysis: what was asked of the old one is forgotten). */
  show(s: SocketSummaryView | null): void {
    this.generation++;
    this.socket = s;
    this.wire = [];
    this.next = s?.firstFrame ?? null;
    clear(this.details);
    this.root.hidden = s === null;
    if (s === null) {
      this.story = null;
      this.asked = null;
      return;
    }
    if (this.story !== null && this.story.id !== s.id) this.story = null;
    this.title.textContent = `Timeline of #${s.id}: ${s.title}`;
    this.pending.hidden = this.story !== null;
    this.renderStory();
    this.renderComparison();
    this.render();
    this.loadWire();
    if (this.story === null && this.asked !== s.id) this.loadStory(s.id);
  }

  /** Asks the host for socket `id`'s story; an answer that comes after another socket was selected is dropped. */
  private loadStory(id: number): void {
    const ask = ++this.asks;
    this.asked = id;
    this.pending.hidden = false;
    this.pending.textContent = `Reading the FD_* reports of #${id}…`;
    void this.requests.ask({ kind: 'socket', socket: id }).then((r: EditorResult) => {
      if (ask !== this.asks || this.socket?.id !== id) return;
      if (r.kind !== 'socket') {
        // Selecting the socket again asks again.
        this.asked = null;
        this.pending.textContent = `The FD_* reports of #${id} could not be read: ${r.kind === 'error' ? r.message : r.kind}`;
        return;
      }
      this.story = r.socket;
      this.pending.hidden = true;
      this.renderStory();
      this.render();
    });
  }

  /** What the program's calls came from, the diagnosis and what only the other profile reports; until the story comes, the summary's diagnosis. */
  private renderStory(): void {
    const s = this.socket;
    if (s === null) return;
    const story = this.story;
    clear(this.diagnosis);
    if (story?.programText !== undefined) this.diagnosis.appendChild(h('li', { class: 'program' }, story.programText));
    for (const d of (story ?? s).diagnosis) this.diagnosis.appendChild(h('li', {}, d));
    for (const o of story?.otherProfile ?? []) this.diagnosis.appendChild(h('li', { class: 'divergence' }, `other profile only, frames ${o.frames.join(', ')}: ${o.text}`));
  }

  /** How the socket is tied to each log, the verdict counts, and every verdict that is not a match. */
  private renderComparison(): void {
    clear(this.comparison);
    const s = this.socket;
    const view = s === null ? undefined : this.logs?.sockets[s.id];
    if (s === null || this.logs === null) return;
    if (view === undefined) {
      if (this.logs.files.length > 0) this.comparison.appendChild(h('p', { class: 'muted' }, 'No attached log names this socket.'));
      return;
    }
    const ties = view.log.ties.map((t) => h('li', {}, `log ${t.log + 1} (${this.logs!.files[t.log]?.file ?? '?'}): ${t.subject}, tied by ${t.confidence}: ${t.how}`));
    const counts = Object.entries(view.log.summary).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
    const findings = view.log.compare.filter((c) => c.verdict !== 'matched').map((c) => {
      const item = h('li', { class: `verdict-${c.verdict}` }, h('b', {}, c.verdict), ` ${c.event}: ${c.reason}`);
      if (c.log !== null) {
        const b = h('button', { type: 'button', title: 'open the log at this line' }, `line ${c.log.line}`);
        const at = c.log;
        b.addEventListener('click', () => this.onLogLine(at.log, at.line));
        item.append(' ', b);
      }
      return item;
    });
    this.comparison.append(h('h3', {}, `Compared with the logs: ${counts || 'nothing they can show'}`), h('ul', {}, ...ties), h('ul', { class: 'findings' }, ...findings));
    if (view.more > 0) this.comparison.appendChild(h('p', { class: 'muted' }, `${view.more} more log lines of this socket are not shown`));
  }

  private loadWire(): void {
    const s = this.socket;
    if (s === null || this.next === null) return;
    const generation = this.generation;
    this.more.disabled = true;
    void this.requests.ask({ kind: 'socketPackets', socket: s.id, from: this.next, count: 300 }).then((r: EditorResult) => {
      if (generation !== this.generation) return;
      if (r.kind === 'socketPackets') {
        this.wire.push(...r.packets.rows);
        this.next = r.packets.next;
      } else {
        this.next = null;
      }
      this.render();
    });
  }

  private entries(): Entry[] {
    const s = this.socket!;
    const out: Entry[] = this.wire.map((row) => ({ kind: 'wire', frame: row.n, row }));
    const byReport = new Map<number, AnalyzeEventView[]>();
    for (const e of this.story?.events ?? []) {
      const list = byReport.get(e.report);
      if (list === undefined) byReport.set(e.report, [e]);
      else list.push(e);
    }
    const lastWire = this.next === null ? Infinity : (this.wire.at(-1)?.n ?? 0);
    for (const events of byReport.values()) {
      const frame = Math.max(...events.flatMap((e) => e.frames), 0);
      // Reports after the packets loaded so far wait for them, so the lanes stay in order.
      if (frame <= lastWire) out.push({ kind: 'model', frame, ts: events[0]!.ts, events });
    }
    const lane = this.logs?.sockets[s.id]?.lane ?? [];
    for (const row of lane) {
      // After the last loaded packet at or before its aligned time; unaligned rows go last.
      const frame = row.ts === null ? Infinity : this.frameAt(Number(row.ts));
      if (frame <= lastWire || this.next === null) out.push({ kind: 'log', frame, row });
    }
    // Wire first within a frame: the model reacts to the packet, and the log tells of it after.
    return out.sort((a, b) => a.frame - b.frame || LANE_ORDER[a.kind] - LANE_ORDER[b.kind]);
  }

  /** The last loaded packet of the socket at or before `seconds` (0 before the first). */
  private frameAt(seconds: number): number {
    let frame = 0;
    for (const w of this.wire) {
      if (Number(w.abs) > seconds) break;
      frame = w.n;
    }
    return frame;
  }

  private render(): void {
    const s = this.socket;
    if (s === null) return;
    clear(this.body);
    for (const e of this.entries()) this.body.appendChild(e.kind === 'wire' ? this.wireRow(e.row) : e.kind === 'model' ? this.modelRow(e) : this.logRow(e.row));
    this.more.hidden = this.next === null;
    this.more.disabled = false;
  }

  private time(ts: string): string {
    return this.timeFormat === 'absolute' ? utc(ts) : relative(ts, this.first);
  }

  private wireRow(r: PacketRowView): HTMLElement {
    const row = h('div', { role: 'row', tabindex: 0, class: 'lane-wire', 'data-frame': r.n },
      h('div', { role: 'gridcell', class: 'num' }, String(r.n)),
      h('div', { role: 'gridcell' }, packetTime(r, this.timeFormat === 'delta' ? 'relative' : this.timeFormat)),
      h('div', { role: 'gridcell', title: r.info }, `${r.src} → ${r.dst} ${r.info}`),
      h('div', { role: 'gridcell' }, ''));
    row.addEventListener('click', () => this.onFrame(r.n));
    return row;
  }

  private logRow(r: LogLaneRow): HTMLElement {
    const when = r.ts === null ? (r.written ?? '—') : this.time(r.ts);
    const row = h('div', { role: 'row', tabindex: 0, class: 'lane-log', title: `log ${r.log + 1}, line ${r.line}${r.written === null ? '' : `, written ${r.written}`}` },
      h('div', { role: 'gridcell', class: 'num' }, `L${r.log + 1}:${r.line}`),
      h('div', { role: 'gridcell' }, when),
      h('div', { role: 'gridcell', title: r.text }, r.text),
      h('div', { role: 'gridcell' }, ''));
    onActivate(row, () => this.onLogLine(r.log, r.line));
    return row;
  }

  private modelRow(e: Extract<Entry, { kind: 'model' }>): HTMLElement {
    const text = e.events.map((x) => (x.error === 0 ? x.event : `${x.event}(${x.error})`)).join(' | ');
    const head = e.events[0]!;
    const tag = head.lParam !== undefined ? `lParam 0x${head.lParam.toString(16).padStart(8, '0')}` : head.lNetworkEvents ?? '';
    const diverges = e.events.some((x) => x.divergence !== undefined);
    const row = h('div', { role: 'row', tabindex: 0, class: 'lane-model', 'aria-selected': 'false' },
      h('div', { role: 'gridcell', class: 'num' }, String(e.frame)),
      h('div', { role: 'gridcell' }, this.time(e.ts)),
      h('div', { role: 'gridcell' }, ''),
      h('div', { role: 'gridcell', title: text }, text, ' ', h('span', { class: 'muted' }, tag), diverges ? h('span', { class: 'divergence' }, ' ≠') : null));
    const open = (): void => {
      this.body.querySelectorAll('[aria-selected="true"]').forEach((r) => r.setAttribute('aria-selected', 'false'));
      row.setAttribute('aria-selected', 'true');
      void this.showDetails(e.events);
    };
    onActivate(row, open);
    return row;
  }

  private async showDetails(events: readonly AnalyzeEventView[]): Promise<void> {
    const generation = this.generation;
    const rules = new Map<string, RuleView | null>();
    for (const id of new Set(events.map((e) => e.rule))) {
      const r = await this.requests.ask({ kind: 'rule', rule: id });
      rules.set(id, r.kind === 'rule' ? r.rule : null);
    }
    if (generation !== this.generation) return;
    clear(this.details);
    for (const e of events) {
      const r = rules.get(e.rule) ?? null;
      const frames = h('dd', {}, ...e.frames.map((f) => {
        const b = h('button', { type: 'button', title: `show frame ${f} in the packet list` }, `#${f}`);
        b.addEventListener('click', () => this.onFrame(f));
        return b;
      }));
      this.details.appendChild(h('dl', {},
        h('dt', {}, 'Event'), h('dd', {}, e.error === 0 ? e.event : `${e.event}, iErrorCode ${e.error}`),
        h('dt', {}, 'Rule'), h('dd', {}, `${e.rule}${r === null ? '' : ` (${r.profile})`}: ${r?.text ?? 'unknown rule'}`),
        h('dt', {}, 'Source'), h('dd', {}, r?.source ?? '—'),
        h('dt', {}, 'Caused by'), frames,
        e.divergence === undefined ? null : h('dt', {}, 'Other profile'),
        e.divergence === undefined ? null : h('dd', { class: 'divergence' }, e.divergence)));
    }
  }
}

/** A row acts on a click, Enter or Space (grid rows are focusable, so keyboard users get the same). */
function onActivate(row: HTMLElement, act: () => void): void {
  row.addEventListener('click', act);
  row.addEventListener('keydown', (k) => {
    if (k.key === 'Enter' || k.key === ' ') {
      k.preventDefault();
      act();
    }
  });
}
