import type { CaptureInfoView, EditorCommand, EditorLogsView, EditorOptionsView, EditorViewState, FromEditor, SocketSummaryView, TimeFormat, ToEditor } from '../protocol';
import { clear, h } from './dom';
import { PacketList } from './packetList';
import { Requests } from './requests';
import { SocketList } from './socketList';
import { Timeline } from './timeline';
import { utc } from './time';

/** What the page keeps across reloads (webview state, and the host's copy). */
export type EditorState = EditorViewState;

export const EMPTY_STATE: EditorState = { selected: null, filter: '', timeFormat: null, packetScroll: 0, savedAt: 0 };

/**
 * The capture editor's page: header (capture, options in force, warnings), the sockets list,
 * the selected socket's timeline, and the packet list. It draws only what the host sends, and
 * asks the host for the selected socket's events, packets and rule texts.
 */
export class EditorView {
  private readonly requests: Requests;
  private readonly header: HTMLElement;
  private readonly status: HTMLElement;
  private readonly sockets: SocketList;
  private readonly timeline: Timeline;
  private readonly packets: PacketList;
  private readonly timeButtons = new Map<TimeFormat, HTMLButtonElement>();
  private byId = new Map<number, SocketSummaryView>();
  private state: EditorState;
  private timeFormat: TimeFormat = 'relative';
  private first: string | null = null;

  constructor(root: HTMLElement, private readonly post: (m: FromEditor) => void, saved: EditorState | undefined, private readonly save: (s: EditorState) => void) {
    // A state saved by an older page may lack fields (savedAt): the defaults fill them.
    this.state = { ...EMPTY_STATE, ...saved };
    this.requests = new Requests(post);
    this.header = h('header');
    this.status = h('div', { 'aria-live': 'polite' });
    this.sockets = new SocketList((id) => this.select(id), (filter) => this.remember({ filter }));
    this.timeline = new Timeline(this.requests, this.timeFormat, null, (f) => this.packets.reveal(f), (log, line) => this.post({ type: 'openLog', log, line }));
    this.packets = new PacketList(this.requests, this.timeFormat, (top) => this.remember({ packetScroll: top }));
    const packetSection = h('section', { 'aria-label': 'Packets' }, h('h2', {}, 'Packets'), this.packets.root);
    clear(root);
    root.append(this.header, this.status, this.sockets.root, this.timeline.root, packetSection);
  }

  handle(m: ToEditor): void {
    switch (m.type) {
      case 'start': return this.start(m.file, m.options);
      case 'progress': return this.progress(m.bytesRead, m.totalBytes);
      case 'sockets':
        for (const s of m.sockets) this.byId.set(s.id, s);
        this.sockets.add(m.sockets);
        if (this.state.selected !== null && m.sockets.some((s) => s.id === this.state.selected)) this.select(this.state.selected);
        return;
      case 'done': return this.done(m);
      case 'failed':
        clear(this.status);
        this.status.appendChild(h('p', { class: 'failed', role: 'alert' }, m.message));
        return;
      case 'response': return this.requests.answer(m.id, m.result);
      case 'timeFormat': return this.setTimeFormat(m.format);
      case 'restoreView': return this.restore(m.state);
      case 'selectSocket': return this.select(m.socket);
    }
  }

  /** Saves a change; a patch that changes nothing (a restored selection applied) keeps the old savedAt, so it stays comparable. */
  private remember(patch: Partial<Omit<EditorState, 'savedAt'>>): void {
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    if (keys.every((k) => patch[k] === this.state[k])) return;
    this.state = { ...this.state, ...patch, savedAt: Date.now() };
    this.save(this.state);
  }

  /**
   * The host's copy of how this capture's page was left. It comes before `start`, and wins over
   * the page's own state when newer: after a reload of the browser tab, the page's own is what
   * VS Code for the Web last saved (once a minute, or when the window lost the focus), while the
   * host's was stored at the change.
   */
  private restore(s: EditorState): void {
    if (s.savedAt <= this.state.savedAt) return;
    this.state = s;
    this.save(s);
  }

  private command(command: EditorCommand, socket?: number): void {
    this.post(socket === undefined ? { type: 'command', command } : { type: 'command', command, socket });
  }

  private start(file: string, o: EditorOptionsView): void {
    this.requests.forget();
    this.byId = new Map();
    this.first = null;
    this.timeFormat = this.state.timeFormat ?? o.timeFormat;
    this.sockets.reset(this.state.filter);
    this.timeline.show(null);
    this.packets.reset(0);
    this.packets.setTimeFormat(this.timeFormat);
    this.timeline.setTimeFormat(this.timeFormat);
    clear(this.header);
    const option = (label: string, value: string, command: EditorCommand, hint: string): HTMLElement => {
      const b = h('button', { type: 'button', title: hint }, `${label}: ${value}`);
      b.addEventListener('click', () => this.command(command));
      return b;
    };
    const action = (label: string, command: EditorCommand, hint: string): HTMLElement => {
      const b = h('button', { type: 'button', title: hint }, label);
      b.addEventListener('click', () => this.command(command, command === 'copyTimeline' ? this.state.selected ?? undefined : undefined));
      return b;
    };
    const times = h('span', { role: 'group', 'aria-label': 'Time format' }, ...(['relative', 'absolute', 'delta'] as const).map((f) => {
      const b = h('button', { type: 'button', 'aria-pressed': String(f === this.timeFormat) }, f);
      b.addEventListener('click', () => this.setTimeFormat(f));
      this.timeButtons.set(f, b);
      return b;
    }));
    this.header.append(
      h('h1', {}, file),
      h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Options in force' },
        option('Profile', o.profile, 'profile', 'documented (Microsoft text) or windows (real Windows)'),
        option('API', o.api, 'api', 'WSAEventSelect or WSAAsyncSelect'),
        option('Mask', o.mask, 'mask', 'the lNetworkEvents every select call passes'),
        option('App', o.app, 'app', o.appText),
        option('Local', o.local === null ? 'from the capture' : o.local.join(', '), 'local', 'the addresses of the diagnosed host')),
      h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Actions' },
        action('Export annotated pcapng…', 'export', 'a pcapng with an FD_* comment on every packet that caused events'),
        action('Copy timeline as Markdown', 'copyTimeline', 'the selected socket, for a bug report'),
        action('Re-analyze', 'reanalyze', 'read the capture again'),
        action('Attach a log…', 'attachLog', 'an ETW export or the program\'s own log, tied to the sockets and compared'),
        times),
      h('p', { class: 'muted' }, o.appText));
    clear(this.status);
    this.progress(0, 0);
  }

  private progress(done: number, total: number): void {
    clear(this.status);
    const bar = h('progress', { max: total || 1, value: done, 'aria-label': 'Reading the capture' });
    const cancel = h('button', { type: 'button' }, 'Cancel');
    cancel.addEventListener('click', () => this.post({ type: 'cancel' }));
    const pct = total > 0 ? ` ${((done / total) * 100).toFixed(0)} %` : '';
    this.status.append(h('p', {}, 'Reading and replaying… ', bar, pct, ' ', cancel));
  }

  private done(m: Extract<ToEditor, { type: 'done' }>): void {
    clear(this.status);
    this.first = m.capture.first;
    this.timeline.setOrigin(this.first);
    this.header.appendChild(this.facts(m.info, m.capture.connections, m.packets));
    const warnings = [...m.info.warnings.map((w) => `${w.severity}: ${w.message}${w.offset === undefined ? '' : ` (byte offset ${w.offset})`}${w.packet === undefined ? '' : ` (frame ${w.packet})`}`), ...m.warnings];
    if (warnings.length > 0) this.status.appendChild(h('ul', { class: 'warnings', 'aria-label': 'Warnings' }, ...warnings.map((w) => h('li', {}, w))));
    if (m.logs !== null) this.header.appendChild(this.logFacts(m.logs));
    this.timeline.setLogs(m.logs);
    this.packets.reset(m.packets, this.state.packetScroll);
    if (this.state.selected !== null) this.select(this.state.selected);
  }

  /** Each attached log: format, records, its clock in one line, and what could not be read or tied. */
  private logFacts(logs: EditorLogsView): HTMLElement {
    const items = logs.files.map((f, i) => h('li', {},
      h('b', {}, `log ${i + 1}`), ` ${f.file} (${f.format}): ${f.records} records`,
      f.problems.count > 0 ? `, ${f.problems.count} lines not understood (first: line ${f.problems.first[0]?.line}: ${f.problems.first[0]?.message})` : '',
      `; ${f.subjects.tied} of ${f.subjects.tied + f.subjects.untied.length} subjects tied. Clock: ${f.clock.summary}`));
    for (const f of logs.failed) items.push(h('li', { class: 'warnings' }, f));
    const detach = h('button', { type: 'button' }, 'Detach a log');
    detach.addEventListener('click', () => this.post({ type: 'command', command: 'detachLog' }));
    const shift = h('button', { type: 'button' }, 'Shift a log\'s clock');
    shift.addEventListener('click', () => this.post({ type: 'command', command: 'shiftLogClock' }));
    return h('section', { class: 'logs', 'aria-label': 'Attached logs' }, h('ul', {}, ...items), h('div', { class: 'toolbar' }, detach, shift));
  }

  private facts(info: CaptureInfoView, connections: number, packets: number): HTMLElement {
    const fact = (label: string, value: string): HTMLElement => h('span', {}, `${label} `, h('b', {}, value));
    const ifaces = info.interfaces.map((i) => `${i.name ?? `#${i.index}`} (${i.linkTypeName ?? i.linkType})`).join(', ');
    return h('div', { class: 'facts' },
      fact('Format', info.format),
      fact('Packets', String(packets)),
      fact('Connections', String(connections)),
      fact('Interfaces', ifaces || '—'),
      info.firstTime === undefined ? null : fact('From', utc(info.firstTime)),
      info.duration === undefined ? null : fact('Span', `${info.duration} s`));
  }

  private select(id: number): void {
    const s = this.byId.get(id);
    if (s === undefined) return;
    this.remember({ selected: id });
    this.sockets.select(id);
    this.timeline.show(s);
  }

  private setTimeFormat(f: TimeFormat): void {
    this.timeFormat = f;
    this.remember({ timeFormat: f });
    for (const [k, b] of this.timeButtons) b.setAttribute('aria-pressed', String(k === f));
    this.packets.setTimeFormat(f);
    this.timeline.setTimeFormat(f);
  }
}
