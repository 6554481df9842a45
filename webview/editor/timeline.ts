import type { AnalyzeEventView, EditorResult, PacketRowView, RuleView, SocketRowView, TimeFormat } from '../protocol';
import { clear, h } from './dom';
import type { Requests } from './requests';
import { packetTime, relative, utc } from './time';

type Entry =
  | { readonly kind: 'wire'; readonly frame: number; readonly row: PacketRowView }
  | { readonly kind: 'model'; readonly frame: number; readonly ts: string; readonly events: readonly AnalyzeEventView[] };

/**
 * One socket's timeline: a wire lane (its packets, paged from the host) beside the model lane
 * (each WSAEnumNetworkEvents result or posted message). Selecting a report shows its rules, their
 * sources, the causing frames and the documented/windows divergence.
 */
export class Timeline {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly diagnosis: HTMLElement;
  private readonly body: HTMLElement;
  private readonly details: HTMLElement;
  private readonly more: HTMLButtonElement;
  private socket: SocketRowView | null = null;
  private wire: PacketRowView[] = [];
  private next: number | null = null;
  private generation = 0;

  constructor(
    private readonly requests: Requests,
    private timeFormat: TimeFormat,
    private first: string | null,
    private readonly onFrame: (frame: number) => void,
  ) {
    this.title = h('h2', {}, 'Timeline');
    this.diagnosis = h('ul', { class: 'diagnosis' });
    this.more = h('button', { type: 'button' }, 'More packets');
    this.more.addEventListener('click', () => this.loadWire());
    this.body = h('div', { class: 'timeline-body', role: 'rowgroup' });
    this.details = h('div', { class: 'details', 'aria-live': 'polite' });
    const header = h('div', { role: 'row' }, ...['Frame', 'Time', 'Wire', 'Model (FD_* reported)'].map((c) => h('div', { role: 'columnheader' }, c)));
    this.root = h('section', { 'aria-label': 'Timeline', hidden: true }, this.title, this.diagnosis,
      h('div', { class: 'grid timeline', role: 'grid', 'aria-label': 'Timeline' }, h('div', { role: 'rowgroup' }, header), this.body),
      h('div', { class: 'toolbar' }, this.more), this.details);
  }

  setOrigin(first: string | null): void {
    this.first = first;
    this.render();
  }

  setTimeFormat(f: TimeFormat): void {
    this.timeFormat = f;
    this.render();
  }

  show(s: SocketRowView | null): void {
    this.generation++;
    this.socket = s;
    this.wire = [];
    this.next = s?.firstFrame ?? null;
    clear(this.details);
    this.root.hidden = s === null;
    if (s === null) return;
    this.title.textContent = `Timeline of #${s.id}: ${s.title}`;
    clear(this.diagnosis);
    for (const d of s.diagnosis) this.diagnosis.appendChild(h('li', {}, d));
    for (const o of s.otherProfile) this.diagnosis.appendChild(h('li', { class: 'divergence' }, `other profile only, frames ${o.frames.join(', ')}: ${o.text}`));
    this.render();
    this.loadWire();
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
    for (const e of s.events) {
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
    // Wire first within a frame: the model reacts to the packet.
    return out.sort((a, b) => a.frame - b.frame || (a.kind === b.kind ? 0 : a.kind === 'wire' ? -1 : 1));
  }

  private render(): void {
    const s = this.socket;
    if (s === null) return;
    clear(this.body);
    for (const e of this.entries()) this.body.appendChild(e.kind === 'wire' ? this.wireRow(e.row) : this.modelRow(e));
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
    row.addEventListener('click', open);
    row.addEventListener('keydown', (k) => {
      if (k.key === 'Enter' || k.key === ' ') {
        k.preventDefault();
        open();
      }
    });
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
