import type { PacketPage, PacketRowView, TimeFormat } from '../protocol';
import { clear, h } from './dom';
import type { Requests } from './requests';
import { packetTime } from './time';

const ROW = 22;
const PAGE = 200;
const KEEP_PAGES = 24;
/** Browsers cap an element's height (Chromium near 33.5 M px): beyond it, scrolling is scaled. */
const MAX_SPACER = 15_000_000;

const COLUMNS = ['No.', 'Time', 'Source', 'Destination', 'Proto', 'Length', 'Info', 'Events'];

/**
 * The packet list: a grid that shows only the rows in view and asks the host for them a page at
 * a time, so a million-packet capture costs the page a few hundred rows.
 */
export class PacketList {
  readonly root: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private count = 0;
  private readonly pages = new Map<number, PacketPage | 'loading'>();
  private selected = 0;
  private generation = 0;

  constructor(private readonly requests: Requests, private timeFormat: TimeFormat, private readonly onScroll: (top: number) => void) {
    this.rows = h('div', { class: 'packets-rows', role: 'rowgroup' });
    this.spacer = h('div', { class: 'packets-spacer' }, this.rows);
    this.viewport = h('div', { class: 'packets-viewport', tabindex: 0, 'aria-label': 'packets' }, this.spacer);
    const header = h('div', { role: 'row', 'aria-rowindex': 1 }, ...COLUMNS.map((c) => h('div', { role: 'columnheader' }, c)));
    this.root = h('div', { class: 'grid packets', role: 'grid', 'aria-label': 'Packets', 'aria-rowcount': 1 }, h('div', { role: 'rowgroup' }, header), this.viewport);
    this.viewport.addEventListener('scroll', () => {
      this.render();
      this.onScroll(this.viewport.scrollTop);
    });
    this.viewport.addEventListener('keydown', (e) => this.key(e));
  }

  reset(count: number, scrollTop = 0): void {
    this.generation++;
    this.count = count;
    this.pages.clear();
    this.root.setAttribute('aria-rowcount', String(count + 1));
    this.spacer.style.height = `${Math.min(count * ROW, MAX_SPACER)}px`;
    this.viewport.scrollTop = scrollTop;
    this.render();
  }

  setTimeFormat(f: TimeFormat): void {
    this.timeFormat = f;
    this.render();
  }

  /** Scrolls frame `n` into view and selects it. */
  reveal(n: number): void {
    if (n < 1 || n > this.count) return;
    this.selected = n;
    // Centred in the view where the list allows.
    const centre = Math.max(1, n - Math.floor(this.span().visible / 2));
    this.viewport.scrollTop = this.topOf(centre);
    this.render();
  }

  private viewHeight(): number {
    return this.viewport.clientHeight || 18 * 16;
  }

  /** Rows in view, and the first row a fully scrolled list shows. */
  private span(): { visible: number; lastFirst: number } {
    const visible = Math.ceil(this.viewHeight() / ROW);
    return { visible, lastFirst: Math.max(1, this.count - visible + 1) };
  }

  /**
   * The scroll position that puts frame n's row at the top. When the list is taller than
   * MAX_SPACER, the whole scroll range stands for the rows from 1 to the last full view.
   */
  private topOf(n: number): number {
    if (this.count * ROW <= MAX_SPACER) return (n - 1) * ROW;
    const range = MAX_SPACER - this.viewHeight();
    return ((Math.min(n, this.span().lastFirst) - 1) / Math.max(1, this.span().lastFirst - 1)) * range;
  }

  private firstVisible(): number {
    const top = this.viewport.scrollTop;
    if (this.count * ROW <= MAX_SPACER) return Math.floor(top / ROW) + 1;
    const range = Math.max(1, MAX_SPACER - this.viewHeight());
    return Math.round((top / range) * (this.span().lastFirst - 1)) + 1;
  }

  private render(): void {
    if (this.count === 0) {
      clear(this.rows);
      return;
    }
    const first = Math.max(1, Math.min(this.firstVisible(), this.span().lastFirst));
    const last = Math.min(this.count, first + this.span().visible);
    const top = this.count * ROW <= MAX_SPACER ? (first - 1) * ROW : this.viewport.scrollTop;
    this.rows.style.top = `${top}px`;
    clear(this.rows);
    for (let n = first; n <= last; n++) this.rows.appendChild(this.rowElement(n));
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
      this.render();
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
        const here = Math.floor((this.firstVisible() - 1) / PAGE);
        for (const k of this.pages.keys()) {
          if (this.pages.size <= KEEP_PAGES) break;
          if (Math.abs(k - here) > 2) this.pages.delete(k);
        }
      }
      this.render();
    });
  }

  private key(e: KeyboardEvent): void {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20, Home: -Infinity, End: Infinity }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const n = Math.max(1, Math.min(this.count, (this.selected || this.firstVisible()) + step));
    this.reveal(n);
  }
}
