import type { SocketSummaryView } from '../protocol';
import { h } from './dom';
import { SocketFilter, searchText } from './socketFilter';
import { VirtualRows } from './virtualRows';

const COLUMNS = ['#', 'Role', 'Local', 'Remote', 'State', 'History', 'FD_* outcome'];

/**
 * The sockets list: one row per local socket, filterable, keyboard-navigable. Every socket's
 * summary is in the page's memory, but only the rows in view are in the DOM, so a capture of 100k
 * connections scrolls like one of ten. The grid itself holds the focus and points at the selected
 * row with aria-activedescendant, because rows come and go as the list scrolls.
 */
export class SocketList {
  readonly root: HTMLElement;
  private readonly list: VirtualRows;
  private readonly filterBox: HTMLInputElement;
  private readonly count: HTMLElement;
  private sockets: SocketSummaryView[] = [];
  /** Each socket's searchText, by the socket's index. */
  private texts: string[] = [];
  /** The indices of the sockets the filter lets through, in arrival order: row n shows sockets[matches[n - 1]]. */
  private matches: number[] = [];
  private filter = new SocketFilter('');
  private selected: number | null = null;
  /** The selected socket's row, or null when it is not among the matches. */
  private selectedRow: number | null = null;

  constructor(private readonly onSelect: (id: number) => void, private readonly onFilter: (text: string) => void) {
    this.filterBox = h('input', { type: 'search', placeholder: 'Filter: address, role, FD_CLOSE, WSAECONNRESET, RSTO …', 'aria-label': 'Filter sockets' });
    this.filterBox.addEventListener('input', () => {
      this.setFilter(this.filterBox.value);
      this.onFilter(this.filterBox.value);
    });
    this.count = h('span', { class: 'muted socket-count', 'aria-live': 'polite' });
    const header = h('div', { role: 'rowgroup', class: 'sockets-head' },
      h('div', { role: 'row', 'aria-rowindex': 1 }, ...COLUMNS.map((c) => h('div', { role: 'columnheader' }, c))));
    this.list = new VirtualRows({
      names: { viewport: 'grid sockets', spacer: 'sockets-spacer', rows: 'sockets-body' },
      attrs: { role: 'grid', tabindex: 0, 'aria-label': 'Sockets', 'aria-rowcount': 1 },
      header,
      build: (n) => this.row(n),
      rendered: () => this.pointAtSelected(),
    });
    const grid = this.list.viewport;
    grid.addEventListener('keydown', (e) => this.key(e));
    // One listener for all rows: they are built and dropped as the list scrolls.
    grid.addEventListener('click', (e) => {
      const row = e.target instanceof Element ? e.target.closest('[data-socket]') : null;
      if (row !== null) this.onSelect(Number(row.getAttribute('data-socket')));
    });
    this.root = h('section', { 'aria-label': 'Sockets' }, h('h2', {}, 'Sockets'), h('div', { class: 'toolbar' }, this.filterBox, this.count), grid);
  }

  reset(filter: string): void {
    this.sockets = [];
    this.texts = [];
    this.matches = [];
    this.filter = new SocketFilter(filter);
    this.filterBox.value = filter;
    // A new analysis: the selection, when it streams in again, is scrolled to as on a reload.
    this.selected = null;
    this.selectedRow = null;
    this.list.reset(0, 0);
    this.counted();
  }

  /** Sockets streamed in: matches go at the end, so the rows in view stay where they are. */
  add(rows: readonly SocketSummaryView[]): void {
    for (const s of rows) {
      const text = searchText(s);
      this.sockets.push(s);
      this.texts.push(text);
      if (!this.filter.matches(text)) continue;
      this.matches.push(this.sockets.length - 1);
      if (s.id === this.selected) this.selectedRow = this.matches.length;
    }
    this.list.setCount(this.matches.length);
    this.counted();
  }

  /** Selects socket `id` (or none); a newly selected row is scrolled into view. */
  select(id: number | null): void {
    const changed = id !== this.selected;
    this.selected = id;
    this.selectedRow = this.rowOf(id);
    for (const [n, row] of this.list.elements()) row.setAttribute('aria-selected', String(n === this.selectedRow));
    this.pointAtSelected();
    if (changed && this.selectedRow !== null) this.list.reveal(this.selectedRow, 'nearest');
  }

  private setFilter(text: string): void {
    const next = new SocketFilter(text);
    const narrowing = next.narrows(this.filter);
    this.filter = next;
    if (narrowing) this.matches = this.matches.filter((i) => next.matches(this.texts[i]!));
    else {
      this.matches = [];
      for (let i = 0; i < this.texts.length; i++) if (next.matches(this.texts[i]!)) this.matches.push(i);
    }
    this.selectedRow = this.rowOf(this.selected);
    this.list.reset(this.matches.length, 0);
    // The selection, when it still matches, stays in sight.
    if (this.selectedRow !== null) this.list.reveal(this.selectedRow, 'centre');
    this.counted();
  }

  private rowOf(id: number | null): number | null {
    if (id === null) return null;
    const i = this.matches.findIndex((k) => this.sockets[k]!.id === id);
    return i < 0 ? null : i + 1;
  }

  private counted(): void {
    this.list.viewport.setAttribute('aria-rowcount', String(this.matches.length + 1));
    this.count.textContent = this.matches.length === this.sockets.length ? `${this.sockets.length} sockets` : `${this.matches.length} of ${this.sockets.length} sockets`;
  }

  /** A screen reader follows the grid's active descendant: the selected row, while it is built. */
  private pointAtSelected(): void {
    const row = this.selectedRow === null ? undefined : this.list.elements().get(this.selectedRow);
    if (row === undefined) this.list.viewport.removeAttribute('aria-activedescendant');
    else this.list.viewport.setAttribute('aria-activedescendant', row.id);
  }

  /** Keys move the selection through all the matches, not only the rows in the DOM. */
  private key(e: KeyboardEvent): void {
    if (e.target !== this.list.viewport || this.matches.length === 0) return;
    const page = Math.max(1, this.list.visibleRows() - 1);
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity, Enter: 0, ' ': 0 }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    // With nothing selected, a step starts at the top row in view (Home and End go to the ends).
    const from = this.selectedRow;
    const to = from === null && Number.isFinite(step) ? this.list.firstVisible() : (from ?? 1) + step;
    const n = Math.max(1, Math.min(this.matches.length, to));
    const s = this.sockets[this.matches[n - 1]!]!;
    // Selecting the same socket again would reload its timeline; it only needs to be in sight.
    if (s.id === this.selected) this.list.reveal(n, 'nearest');
    else this.onSelect(s.id);
  }

  private row(n: number): HTMLElement {
    const s = this.sockets[this.matches[n - 1]!]!;
    return h('div', { role: 'row', id: `socket-row-${s.id}`, 'aria-rowindex': n + 1, 'aria-selected': String(n === this.selectedRow), 'data-socket': s.id },
      h('div', { role: 'gridcell', class: 'num' }, String(s.id)),
      h('div', { role: 'gridcell' }, s.role),
      h('div', { role: 'gridcell', class: 'local', title: `${s.local} (local: ${s.localRule})` }, s.local),
      h('div', { role: 'gridcell', title: s.remote ?? '' }, s.remote ?? '—'),
      h('div', { role: 'gridcell' }, s.connState ?? ''),
      h('div', { role: 'gridcell' }, s.history ?? ''),
      h('div', { role: 'gridcell', title: s.outcome }, s.outcome));
  }
}
