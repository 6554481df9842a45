import type { PacketPage, PacketRowView, TimeFormat } from '../protocol';
import { h } from './dom';
import type { Requests } from './requests';
import { packetTime } from './time';
import { VirtualRows } from './virtualRows';

const PAGE = 200;
const KEEP_PAGES = 24;

const COLUMNS = ['No.', 'Time', 'Source', 'Destination', 'Proto', 'Length', 'Info', 'Events'];

/**
 * The packet list: a grid that shows only the rows in view and asks the host for them a page at
 * a time, so a million-packet capture costs the page a few hundred rows.
 */
export class PacketList {
  readonly root: HTMLElement;
  private readonly list: VirtualRows;
  private readonly pages = new Map<number, PacketPage | 'loading'>();
  private selected = 0;
  private generation = 0;

  constructor(private readonly requests: Requests, private timeFormat: TimeFormat, private readonly onScroll: (top: number) => void) {
    this.list = new VirtualRows({
      names: { viewport: 'packets-viewport', spacer: 'packets-spacer', rows: 'packets-rows' },
      attrs: { tabindex: 0, 'aria-label': 'packets' },
      header: null,
      build: (n) => this.rowElement(n),
    });
    const header = h('div', { role: 'row', 'aria-rowindex': 1 }, ...COLUMNS.map((c) => h('div', { role: 'columnheader' }, c)));
    this.root = h('div', { class: 'grid packets', role: 'grid', 'aria-label': 'Packets', 'aria-rowcount': 1 }, h('div', { role: 'rowgroup' }, header), this.list.viewport);
    this.list.viewport.addEventListener('scroll', () => this.onScroll(this.list.viewport.scrollTop));
    this.list.viewport.addEventListener('keydown', (e) => this.key(e));
  }

  reset(count: number, scrollTop = 0): void {
    this.generation++;
    this.pages.clear();
    this.root.setAttribute('aria-rowcount', String(count + 1));
    this.list.reset(count, scrollTop);
  }

  setTimeFormat(f: TimeFormat): void {
    this.timeFormat = f;
    this.list.refresh();
  }

  /** Scrolls frame `n` into view and selects it. */
  reveal(n: number): void {
    if (n < 1 || n > this.list.count) return;
    this.selected = n;
    // Centred in the view where the list allows.
    this.list.reveal(n, 'centre');
    this.mark();
  }

  /** The selection moved: the rows in the DOM say which one is selected. */
  private mark(): void {
    for (const [n, row] of this.list.elements()) row.setAttribute('aria-selected', String(n === this.selected));
  }

  private rowElement(n: number): HTMLElement {
    const p = Math.floor((n - 1) / PAGE);
    const page = this.pages.get(p);
    if (page === undefined) this.load(p);
    const attrs = { role: 'row', 'aria-rowindex': n + 1, 'aria-selected': n === this.selected ? 'true' : 'false', 'data-frame': n };
    if (page === undefined || page === 'loading') {
      return h('div', attrs, h('div', { role: 'gridcell' }, String(n)), h('div', { role: 'gridcell', class: 'muted' }, '…'));
    }
    const r = page.rows[n - page.start];
    if (r === undefined) return h('div', attrs, h('div', { role: 'gridcell' }, String(n)));
    const badges = page.badges[n] ?? [];
    const row = h('div', attrs, ...this.cells(r, badges));
    row.addEventListener('click', () => {
      this.selected = n;
      this.mark();
    });
    return row;
  }

  private cells(r: PacketRowView, badges: readonly string[]): HTMLElement[] {
    const info = r.problems.length > 0 ? `${r.info} [${r.problems.join('; ')}]` : r.info;
    return [
      h('div', { role: 'gridcell', class: 'num' }, String(r.n)),
      h('div', { role: 'gridcell' }, packetTime(r, this.timeFormat)),
      h('div', { role: 'gridcell', title: r.src }, r.src),
      h('div', { role: 'gridcell', title: r.dst }, r.dst),
      h('div', { role: 'gridcell' }, r.proto),
      h('div', { role: 'gridcell', class: 'num' }, String(r.len)),
      h('div', { role: 'gridcell', title: info }, info),
      h('div', { role: 'gridcell', title: badges.join(', ') }, ...badges.map((b) => h('span', { class: 'badge' }, b))),
    ];
  }

  private load(p: number): void {
    this.pages.set(p, 'loading');
    const generation = this.generation;
    void this.requests.ask({ kind: 'packets', start: p * PAGE + 1, count: PAGE }).then((r) => {
      if (generation !== this.generation) return;
      if (r.kind !== 'packets') {
        this.pages.delete(p);
        return;
      }
      this.pages.set(p, r.page);
      // Keep the pages near the view; drop the oldest others.
      if (this.pages.size > KEEP_PAGES) {
        const here = Math.floor((this.list.firstVisible() - 1) / PAGE);
        for (const k of this.pages.keys()) {
          if (this.pages.size <= KEEP_PAGES) break;
          if (Math.abs(k - here) > 2) this.pages.delete(k);
        }
      }
      this.list.refresh();
    });
  }

  private key(e: KeyboardEvent): void {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20, Home: -Infinity, End: Infinity }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const n = Math.max(1, Math.min(this.list.count, (this.selected || this.list.firstVisible()) + step));
    this.reveal(n);
  }
}
