import type { SocketRowView } from '../protocol';
import { clear, h } from './dom';

const COLUMNS = ['#', 'Role', 'Local', 'Remote', 'State', 'History', 'FD_* outcome'];

/** The connections list: one row per local socket, filterable, keyboard-navigable. */
export class SocketList {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly filterBox: HTMLInputElement;
  private readonly count: HTMLElement;
  private sockets: SocketRowView[] = [];
  private filter = '';
  private selected: number | null = null;

  constructor(private readonly onSelect: (id: number) => void, private readonly onFilter: (text: string) => void) {
    this.filterBox = h('input', { type: 'search', placeholder: 'Filter: address, role, FD_CLOSE, WSAECONNRESET, RSTO …', 'aria-label': 'Filter sockets' });
    this.filterBox.addEventListener('input', () => {
      this.filter = this.filterBox.value;
      this.onFilter(this.filter);
      this.render();
    });
    this.count = h('span', { class: 'muted socket-count', 'aria-live': 'polite' });
    this.body = h('div', { class: 'sockets-body', role: 'rowgroup' });
    const header = h('div', { role: 'row' }, ...COLUMNS.map((c) => h('div', { role: 'columnheader' }, c)));
    this.root = h('section', { 'aria-label': 'Sockets' },
      h('h2', {}, 'Sockets'),
      h('div', { class: 'toolbar' }, this.filterBox, this.count),
      h('div', { class: 'grid sockets', role: 'grid', 'aria-label': 'Sockets' }, h('div', { role: 'rowgroup' }, header), this.body));
  }

  reset(filter: string): void {
    this.sockets = [];
    this.filter = filter;
    this.filterBox.value = filter;
    this.render();
  }

  add(rows: readonly SocketRowView[]): void {
    this.sockets.push(...rows);
    this.render();
  }

  select(id: number | null): void {
    this.selected = id;
    this.body.querySelectorAll('[role="row"]').forEach((r) => {
      r.setAttribute('aria-selected', String(r.getAttribute('data-socket') === String(id)));
    });
  }

  private matches(s: SocketRowView): boolean {
    const f = this.filter.trim().toLowerCase();
    if (f === '') return true;
    const text = `#${s.id} ${s.title} ${s.connState ?? ''} ${s.history ?? ''} ${s.outcome} ${s.diagnosis.join(' ')}`.toLowerCase();
    return f.split(/\s+/).every((w) => text.includes(w));
  }

  private render(): void {
    clear(this.body);
    const shown = this.sockets.filter((s) => this.matches(s));
    this.count.textContent = shown.length === this.sockets.length ? `${this.sockets.length} sockets` : `${shown.length} of ${this.sockets.length} sockets`;
    // The list shows the first thousand matches; the filter narrows a larger capture.
    for (const s of shown.slice(0, 1000)) this.body.appendChild(this.row(s));
    if (shown.length > 1000) this.body.appendChild(h('div', { role: 'row' }, h('div', { role: 'gridcell', class: 'muted' }, `… ${shown.length - 1000} more: narrow the filter`)));
  }

  private row(s: SocketRowView): HTMLElement {
    const r = h('div', { role: 'row', tabindex: 0, 'data-socket': s.id, 'aria-selected': String(s.id === this.selected) },
      h('div', { role: 'gridcell', class: 'num' }, String(s.id)),
      h('div', { role: 'gridcell' }, s.role),
      h('div', { role: 'gridcell', class: 'local', title: `${s.local} (local: ${s.localRule})` }, s.local),
      h('div', { role: 'gridcell', title: s.remote ?? '' }, s.remote ?? '—'),
      h('div', { role: 'gridcell' }, s.connState ?? ''),
      h('div', { role: 'gridcell' }, s.history ?? ''),
      h('div', { role: 'gridcell', title: s.outcome }, s.outcome));
    r.addEventListener('click', () => this.onSelect(s.id));
    r.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.onSelect(s.id);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = (e.key === 'ArrowDown' ? r.nextElementSibling : r.previousElementSibling) as HTMLElement | null;
        next?.focus();
      }
    });
    return r;
  }
}
