import { h } from './dom';

/** The height of every row, in pixels; the page's CSS sizes rows with --row, which the viewport gets from here. */
const ROW = 22;
/** Rows kept in the DOM above and below the view, so a short scroll shows built rows at once. */
const MARGIN = 8;
/** Browsers cap an element's height (Chromium near 33.5 M px): beyond it, scrolling is scaled. */
const MAX_SPACER = 15_000_000;
/** The view's height while the page is not laid out (hidden): enough rows for any of the lists. */
const FALLBACK_HEIGHT = 18 * 16;

export interface VirtualRowsOptions {
  /** Class names of the scrolling viewport, the spacer that gives it the full height, and the rows' group. */
  readonly names: { readonly viewport: string; readonly spacer: string; readonly rows: string };
  /** Attributes of the viewport (a list may make it the focusable grid itself). */
  readonly attrs: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A header kept inside the viewport (sticky in CSS), so it scrolls sideways with the rows. */
  readonly header: HTMLElement | null;
  /** Builds row n (from 1); called only for rows coming into the window. */
  readonly build: (n: number) => HTMLElement;
  /** After the rows in the DOM have changed (a list's active row may have come or gone). */
  readonly rendered?: () => void;
}

/**
 * A list of `count` rows of a fixed height of which only those in view (and a small margin) are
 * in the DOM, under a spacer as tall as all of them. A row stays the same element while it is in
 * the window; rows entering it are built, rows leaving it are removed.
 */
export class VirtualRows {
  readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly shown = new Map<number, HTMLElement>();
  private rowCount = 0;

  constructor(private readonly options: VirtualRowsOptions) {
    this.rows = h('div', { class: options.names.rows, role: 'rowgroup' });
    this.spacer = h('div', { class: options.names.spacer }, this.rows);
    this.viewport = h('div', { class: options.names.viewport, ...options.attrs }, options.header, this.spacer);
    this.viewport.style.setProperty('--row', `${ROW}px`);
    this.viewport.addEventListener('scroll', () => this.render());
    // The view's height decides how many rows it needs (a hidden page shown again, a resize).
    new ResizeObserver(() => this.render()).observe(this.viewport);
  }

  get count(): number {
    return this.rowCount;
  }

  /**
   * Changes the number of rows. The rows already built keep their elements (rows appended at
   * the end leave the view where it is); a list whose rows now mean something else calls refresh.
   */
  setCount(count: number): void {
    const keep = this.firstVisible();
    this.rowCount = count;
    this.spacer.style.height = `${Math.min(count * ROW, MAX_SPACER)}px`;
    // Scaled scrolling maps the scroll range onto the rows, so more rows would move the view.
    if (this.scaled()) this.viewport.scrollTop = this.topOf(keep);
    for (const n of [...this.shown.keys()]) if (n > count) this.drop(n);
    this.render();
  }

  /** Starts over: `count` rows that mean something new, scrolled to `top`. */
  reset(count: number, top: number): void {
    for (const n of [...this.shown.keys()]) this.drop(n);
    this.rowCount = count;
    this.spacer.style.height = `${Math.min(count * ROW, MAX_SPACER)}px`;
    this.viewport.scrollTop = top;
    this.render();
  }

  /** Builds every row in the window again (their data or looks changed). */
  refresh(): void {
    for (const n of [...this.shown.keys()]) this.drop(n);
    this.render();
  }

  /** The elements of the rows in the DOM, by row number. */
  elements(): ReadonlyMap<number, HTMLElement> {
    return this.shown;
  }

  /** Rows that fit in the view. */
  visibleRows(): number {
    return Math.max(1, Math.floor(this.viewHeight() / ROW));
  }

  /** Scrolls row n into view: centred, or by as little as needed (nothing when it is in view). */
  reveal(n: number, how: 'centre' | 'nearest'): void {
    if (n < 1 || n > this.rowCount) return;
    const first = this.firstVisible();
    const fit = this.visibleRows();
    if (how === 'centre') this.viewport.scrollTop = this.topOf(Math.max(1, n - Math.floor(this.span().visible / 2)));
    else if (!this.scaled()) {
      const top = (n - 1) * ROW;
      if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
      else if (top + ROW > this.viewport.scrollTop + this.viewHeight()) this.viewport.scrollTop = top + ROW - this.viewHeight();
    } else if (n < first) this.viewport.scrollTop = this.topOf(n);
    else if (n >= first + fit) this.viewport.scrollTop = this.topOf(n - fit + 1);
    this.render();
  }

  firstVisible(): number {
    const top = this.viewport.scrollTop;
    if (!this.scaled()) return Math.floor(top / ROW) + 1;
    const range = Math.max(1, MAX_SPACER - this.viewHeight());
    return Math.round((top / range) * (this.span().lastFirst - 1)) + 1;
  }

  /** Puts the rows of the window in the DOM, reusing those already there. */
  render(): void {
    const { from, to, top } = this.window();
    for (const n of [...this.shown.keys()]) if (n < from || n > to) this.drop(n);
    // From the bottom up, each missing row goes before the row after it: the order stays.
    let after: HTMLElement | null = null;
    for (let n = to; n >= from; n--) {
      let e = this.shown.get(n);
      if (e === undefined) {
        e = this.options.build(n);
        this.shown.set(n, e);
        this.rows.insertBefore(e, after);
      }
      after = e;
    }
    this.rows.style.top = `${top}px`;
    this.options.rendered?.();
  }

  private drop(n: number): void {
    this.shown.get(n)?.remove();
    this.shown.delete(n);
  }

  private scaled(): boolean {
    return this.rowCount * ROW > MAX_SPACER;
  }

  /** The height that shows rows: the viewport's, less the header inside it. */
  private viewHeight(): number {
    const height = this.viewport.clientHeight - (this.options.header?.offsetHeight ?? 0);
    return height > 0 ? height : FALLBACK_HEIGHT;
  }

  /** Rows in view (a partly shown one counted), and the first row a fully scrolled list shows. */
  private span(): { visible: number; lastFirst: number } {
    const visible = Math.ceil(this.viewHeight() / ROW);
    return { visible, lastFirst: Math.max(1, this.rowCount - visible + 1) };
  }

  /**
   * The scroll position that puts row n at the top. When the list is taller than MAX_SPACER,
   * the whole scroll range stands for the rows from 1 to the last full view.
   */
  private topOf(n: number): number {
    if (!this.scaled()) return (n - 1) * ROW;
    const range = MAX_SPACER - this.viewHeight();
    return ((Math.min(n, this.span().lastFirst) - 1) / Math.max(1, this.span().lastFirst - 1)) * range;
  }

  /** The rows to have in the DOM and where the first of them goes in the spacer. */
  private window(): { from: number; to: number; top: number } {
    if (this.rowCount === 0) return { from: 1, to: 0, top: 0 };
    const { visible, lastFirst } = this.span();
    const first = Math.max(1, Math.min(this.firstVisible(), lastFirst));
    const from = Math.max(1, first - MARGIN);
    if (!this.scaled()) return { from, to: Math.min(this.rowCount, first + visible + MARGIN), top: (from - 1) * ROW };
    // Scaled: the rows in view follow the scroll position, but never past the spacer's end
    // (rows below it would lengthen the scroll range), so no margin below.
    const to = Math.min(this.rowCount, first + visible - 1);
    const at = Math.min(this.viewport.scrollTop, MAX_SPACER - (to - first + 1) * ROW);
    return { from, to, top: at - (first - from) * ROW };
  }
}
