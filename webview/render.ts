/**
 * DOM rendering of the capture summary panel.
 *
 * Everything shown comes from the capture file (names, comments, filters are whatever the writing
 * tool put there) and is untrusted: text only ever enters the page through `textContent` /
 * `document.createTextNode`, never through HTML parsing (no innerHTML, insertAdjacentHTML,
 * outerHTML, document.write). Attributes set here are fixed strings, not data.
 *
 * No `acquireVsCodeApi` here: the host channel is passed in, so this module runs in any DOM.
 */

import type { CaptureInfoView, FromWebview, InterfaceView, SectionView, ToWebview, WarningView } from './protocol';

export type Post = (message: FromWebview) => void;

type Child = Node | string | null | undefined | false;

/** `h('td', {class: 'num'}, '12')`: an element with fixed attributes and text/element children. */
function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Readonly<Record<string, string>> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  add(el, ...children);
  return el;
}

/** Appends children, text as text nodes; null/undefined/false are skipped. */
function add(parent: HTMLElement, ...children: Child[]): void {
  const doc = parent.ownerDocument;
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  }
}

const numberFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${formatCount(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]} (${formatCount(n)} bytes)`;
}

/** Definition list of label/value pairs; rows with no value are left out. */
function facts(doc: Document, rows: readonly (readonly [string, string | undefined])[]): HTMLDListElement {
  const dl = h(doc, 'dl', { class: 'facts' });
  for (const [label, value] of rows) {
    if (value === undefined || value === '') continue;
    dl.append(h(doc, 'dt', null, label), h(doc, 'dd', null, value));
  }
  return dl;
}

function timeText(utc: string | undefined, exact: string | undefined): string | undefined {
  if (exact === undefined) return undefined;
  return utc === undefined ? `${exact} s` : `${utc} (${exact} s)`;
}

function renderOverview(doc: Document, file: string, info: CaptureInfoView): HTMLElement {
  return h(
    doc,
    'section',
    { 'aria-labelledby': 'overview-heading' },
    h(doc, 'h2', { id: 'overview-heading' }, 'Overview'),
    facts(doc, [
      ['File', file],
      ['Format', info.format],
      ['Size', formatBytes(info.bytes)],
      ['Packets', info.duplicates > 0 ? `${formatCount(info.packets)} (${formatCount(info.duplicates)} pktmon duplicate copies)` : formatCount(info.packets)],
      ['First packet', timeText(info.firstTimeUtc, info.firstTime)],
      ['Last packet', timeText(info.lastTimeUtc, info.lastTime)],
      ['Duration', info.duration === undefined ? undefined : `${info.duration} s`],
      ['Sections', formatCount(info.sections.length)],
      ['Interfaces', formatCount(info.interfaces.length)],
    ]),
    info.stopped
      ? h(doc, 'p', { class: 'stopped', role: 'note' }, 'Reading stopped before the end of the file; the figures above cover only the part read.')
      : null,
  );
}

function commentList(doc: Document, comments: readonly string[]): HTMLElement | null {
  if (comments.length === 0) return null;
  const ul = h(doc, 'ul', { class: 'comments' });
  for (const c of comments) ul.append(h(doc, 'li', null, c));
  return ul;
}

function renderSections(doc: Document, sections: readonly SectionView[]): HTMLElement | null {
  // A classic pcap's single implicit section tells nothing the overview does not.
  const telling = sections.filter((s) => s.format === 'pcapng' || s.comments.length > 0);
  if (telling.length === 0) return null;
  const out = h(
    doc,
    'section',
    { 'aria-labelledby': 'sections-heading' },
    h(doc, 'h2', { id: 'sections-heading' }, 'Sections'),
  );
  for (const s of telling) {
    add(
      out,
      h(doc, 'h3', null, `Section ${s.index}`),
      facts(doc, [
        ['Version', `${s.format} ${s.version}`],
        ['Byte order', `${s.byteOrder}-endian`],
        ['Offset', formatCount(s.offset)],
        ['Hardware', s.hardware],
        ['OS', s.os],
        ['Application', s.userAppl],
      ]),
      commentList(doc, s.comments),
    );
  }
  return out;
}

const interfaceColumns = ['#', 'Name', 'Link type', 'Resolution', 'Snap length', 'Packets', 'Details'] as const;

function interfaceDetails(doc: Document, i: InterfaceView): HTMLElement {
  const parts: [string, string | undefined][] = [
    ['Description', i.description],
    ['Section / local id', `${i.section} / ${i.localId}`],
    ['Addresses', i.addresses.length > 0 ? i.addresses.join(', ') : undefined],
    ['MAC', i.macAddress],
    ['Speed', i.speed === undefined ? undefined : `${i.speed} bit/s`],
    ['Capture filter', i.filter],
    ['OS', i.os],
    ['Hardware', i.hardware],
    ['Timestamp offset', i.tsOffsetSec !== 0 ? `${i.tsOffsetSec} s` : undefined],
  ];
  return h(doc, 'div', null, facts(doc, parts), commentList(doc, i.comments));
}

function renderInterfaces(doc: Document, interfaces: readonly InterfaceView[]): HTMLElement {
  const section = h(
    doc,
    'section',
    { 'aria-labelledby': 'interfaces-heading' },
    h(doc, 'h2', { id: 'interfaces-heading' }, 'Interfaces'),
  );
  if (interfaces.length === 0) {
    section.append(h(doc, 'p', { class: 'empty' }, 'No interface descriptions in this file.'));
    return section;
  }
  const headRow = h(doc, 'tr', { role: 'row' });
  for (const col of interfaceColumns) headRow.append(h(doc, 'th', { scope: 'col', role: 'columnheader' }, col));
  const body = h(doc, 'tbody', { role: 'rowgroup' });
  for (const i of interfaces) {
    const linkType = i.linkTypeName === undefined ? String(i.linkType) : `${i.linkTypeName} (${i.linkType})`;
    body.append(
      h(
        doc,
        'tr',
        { role: 'row' },
        h(doc, 'th', { scope: 'row', role: 'rowheader', class: 'num' }, String(i.index)),
        h(doc, 'td', { role: 'cell' }, i.name ?? ''),
        h(doc, 'td', { role: 'cell' }, linkType),
        h(doc, 'td', { role: 'cell' }, i.resolution),
        h(doc, 'td', { role: 'cell', class: 'num' }, formatCount(i.snapLen)),
        h(doc, 'td', { role: 'cell', class: 'num' }, formatCount(i.packets)),
        h(doc, 'td', { role: 'cell' }, interfaceDetails(doc, i)),
      ),
    );
  }
  section.append(
    h(
      doc,
      'table',
      { class: 'interfaces', role: 'table' },
      h(doc, 'caption', null, `${interfaces.length} interface${interfaces.length === 1 ? '' : 's'}`),
      h(doc, 'thead', { role: 'rowgroup' }, headRow),
      body,
    ),
  );
  return section;
}

function renderWarnings(doc: Document, warnings: readonly WarningView[]): HTMLElement {
  const section = h(
    doc,
    'section',
    { 'aria-labelledby': 'warnings-heading' },
    h(doc, 'h2', { id: 'warnings-heading' }, `Warnings (${warnings.length})`),
  );
  if (warnings.length === 0) {
    section.append(h(doc, 'p', { class: 'empty' }, 'None: the file read cleanly.'));
    return section;
  }
  const list = h(doc, 'ul', { class: 'warnings' });
  for (const w of warnings) {
    const where = [`offset ${formatCount(w.offset)}`];
    if (w.packet !== undefined) where.push(`packet ${w.packet}`);
    list.append(
      h(
        doc,
        'li',
        { class: w.severity },
        h(doc, 'span', { class: 'severity' }, w.severity),
        ' ',
        h(doc, 'code', null, w.code),
        ' ',
        h(doc, 'span', { class: 'message' }, w.message),
        ' ',
        h(doc, 'span', { class: 'where' }, `(${where.join(', ')})`),
      ),
    );
  }
  section.append(list);
  return section;
}

function renderBlockCounts(doc: Document, counts: Readonly<Record<string, number>>): HTMLElement | null {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return null;
  return h(
    doc,
    'section',
    { 'aria-labelledby': 'blocks-heading' },
    h(doc, 'h2', { id: 'blocks-heading' }, 'Blocks'),
    facts(doc, entries.map(([kind, n]) => [kind, formatCount(n)] as const)),
  );
}

/** The whole summary for one capture. */
export function renderCaptureInfo(doc: Document, file: string, info: CaptureInfoView): HTMLElement {
  const base = file.split(/[\\/]/).pop() || file;
  const article = h(doc, 'article', { class: 'capture-info', 'aria-labelledby': 'title' }, h(doc, 'h1', { id: 'title' }, base));
  add(
    article,
    renderOverview(doc, file, info),
    renderInterfaces(doc, info.interfaces),
    renderWarnings(doc, info.warnings),
    renderSections(doc, info.sections),
    renderBlockCounts(doc, info.blockCounts),
  );
  return article;
}

export function renderProgress(doc: Document, bytesRead: number, totalBytes: number, post: Post): HTMLElement {
  const pct = totalBytes > 0 ? Math.min(100, Math.floor((bytesRead / totalBytes) * 100)) : 0;
  const bar = h(doc, 'progress', { max: '100', value: String(pct), 'aria-label': 'Reading capture' });
  const button = h(doc, 'button', { type: 'button' }, 'Cancel');
  button.addEventListener('click', () => {
    button.disabled = true;
    post({ type: 'cancel' });
  });
  return h(
    doc,
    'section',
    { class: 'progress', role: 'status', 'aria-live': 'polite' },
    h(doc, 'p', null, `Reading capture… ${pct}% (${formatCount(bytesRead)} of ${formatCount(totalBytes)} bytes)`),
    bar,
    ' ',
    button,
  );
}

export function renderError(doc: Document, message: string): HTMLElement {
  return h(doc, 'section', { class: 'error', role: 'alert' }, h(doc, 'h2', null, 'Could not read the capture'), h(doc, 'p', null, message));
}

/** Shape checks for what arrives over postMessage: drop anything that is not a known message. */
export function asToWebview(data: unknown): ToWebview | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case 'captureInfo':
      return typeof m.file === 'string' && typeof m.info === 'object' && m.info !== null ? (m as unknown as ToWebview) : undefined;
    case 'progress':
      return typeof m.bytesRead === 'number' && typeof m.totalBytes === 'number' ? (m as unknown as ToWebview) : undefined;
    case 'error':
      return typeof m.message === 'string' ? (m as unknown as ToWebview) : undefined;
    default:
      return undefined;
  }
}

/**
 * The panel's view: keeps one progress element (updated in place so the Cancel button keeps
 * focus) and replaces the content on a summary or an error.
 */
export class SummaryView {
  private progress: HTMLElement | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: Post,
  ) {}

  handle(message: ToWebview): void {
    const doc = this.root.ownerDocument;
    switch (message.type) {
      case 'progress': {
        const next = renderProgress(doc, message.bytesRead, message.totalBytes, this.post);
        if (this.progress) {
          // Keep the existing button (and its focus/disabled state); refresh the text and bar.
          const oldButton = this.progress.querySelector('button');
          const newButton = next.querySelector('button');
          if (oldButton && newButton) newButton.replaceWith(oldButton);
          this.progress.replaceWith(next);
        } else {
          this.root.replaceChildren(next);
        }
        this.progress = next;
        return;
      }
      case 'captureInfo':
        this.progress = undefined;
        this.root.replaceChildren(renderCaptureInfo(doc, message.file, message.info));
        return;
      case 'error':
        this.progress = undefined;
        this.root.replaceChildren(renderError(doc, message.message));
        return;
    }
  }
}
