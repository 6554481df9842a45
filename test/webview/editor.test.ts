/**
 * The capture editor's page (dist/editor.js) in a real browser (Chromium through playwright-core),
 * under the CSP extension/editorHtml.ts builds, talking to a host made of the real analysis
 * (analysisJob.ts) and packet pages (packetPages.ts) in this process: the same messages the
 * extension sends. Untrusted text (the file name) must stay text; the packet list must stay small
 * in the DOM for a million packets; the page holds every socket's summary and only the selected
 * socket's events.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_OPTIONS, APP_MODEL_TEXT } from '../../analyzer/replay/options';
import { optionsView } from '../../analyzer/replay/analyzeView';
import { PacketIndex } from '../../analyzer/views/packetIndex';
import { runAnalysis } from '../../extension/analysisJob';
import { editorHtml } from '../../extension/editorHtml';
import { isFromEditor } from '../../extension/editorMessages';
import { PacketPages } from '../../extension/packetPages';
import { socketSummary } from '../../extension/socketSummary';
import type { EditorRequest, EditorResult, FromEditor, PacketRowView, SocketRowView, ToEditor } from '../../webview/protocol';
import { build } from '../extension/webpackBuild';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ORIGIN = 'http://webview.test';
const EVIL = '<img src=x onerror="window.__pwned=1">';
const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'listener-backlog.pcapng');

const STUB = `
  window.__states = [];
  // Every field name of the sockets the page is sent, as it receives them.
  window.__rowKeys = {};
  window.addEventListener('message', function (e) {
    if (e.data && e.data.type === 'sockets') e.data.sockets.forEach(function (s) { Object.keys(s).forEach(function (k) { window.__rowKeys[k] = true; }); });
  });
  window.acquireVsCodeApi = function () {
    return {
      postMessage: function (m) { window.__toHost(m); },
      getState: function () { return window.__initialState; },
      setState: function (s) { window.__states.push(s); },
    };
  };
  document.addEventListener('securitypolicyviolation', function (e) { window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI); });
`;

/** The host side: what extension/captureEditor.ts does, minus VS Code. */
class Host {
  readonly received: FromEditor[] = [];
  /** What the page posted outside the protocol (an assertion here would be lost in the page's call). */
  readonly rejected: unknown[] = [];
  sockets: SocketRowView[] = [];
  pages: PacketPages | null = null;
  /** When set, packet pages are made up for a capture of this many packets. */
  fakeCount = 0;
  /** The socket whose log lane holds the made-up line with markup. */
  evilSocket = 0;
  /** Answers to `socket` requests for these sockets wait until released. */
  private readonly held = new Map<number, { release: () => void; gate: Promise<void> }>();
  /** The sockets whose stories were posted to the page, in order. */
  readonly answeredSockets: number[] = [];
  constructor(private readonly page: () => Page) {}

  send(m: ToEditor): Promise<void> {
    return this.page().evaluate((x) => window.postMessage(x, '*'), m);
  }

  /** Holds back the answers about socket `id` until `release(id)`. */
  hold(id: number): void {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    this.held.set(id, { release, gate });
  }

  release(id: number): void {
    this.held.get(id)?.release();
    this.held.delete(id);
  }

  async fromPage(m: unknown): Promise<void> {
    if (!isFromEditor(m)) {
      this.rejected.push(m);
      return;
    }
    this.received.push(m);
    if (m.type === 'ready') return this.analyze();
    if (m.type !== 'request') return;
    await this.send({ type: 'response', id: m.id, result: await this.answer(m.request) });
    if (m.request.kind === 'socket') this.answeredSockets.push(m.request.socket);
  }

  private async answer(r: EditorRequest): Promise<EditorResult> {
    switch (r.kind) {
      case 'packets':
        return { kind: 'packets', page: this.fakeCount > 0 ? fakePage(r.start, r.count, this.fakeCount) : await this.pages!.page(r.start, r.count) };
      case 'socketPackets':
        return { kind: 'socketPackets', packets: await this.pages!.socketPackets(this.sockets.find((s) => s.id === r.socket)!, r.from, r.count) };
      case 'rule':
        return { kind: 'rule', rule: { id: r.rule, text: `text of ${r.rule} ${EVIL}`, source: 'seed 004', profile: 'both', divergence: null } };
      case 'socket': {
        await this.held.get(r.socket)?.gate;
        const s = this.sockets.find((x) => x.id === r.socket);
        return s === undefined ? { kind: 'error', message: `socket #${r.socket} is not in this analysis` } : { kind: 'socket', socket: s };
      }
    }
  }

  private async analyze(): Promise<void> {
    await this.send({ type: 'start', file: `${EVIL}.pcapng`, options: { ...optionsView(DEFAULT_OPTIONS, null), timeFormat: 'relative' } });
    const logs = { files: ['samples/logs/listener-backlog.program.log', 'samples/logs/listener-backlog.netsh.txt'], clocks: [], patterns: [] };
    const r = await runAnalysis({ file: SAMPLE, options: DEFAULT_OPTIONS, local: null, logs }, {
      progress: () => undefined,
      sockets: (s) => {
        this.sockets.push(...s);
        void this.send({ type: 'sockets', sockets: s.map(socketSummary) });
      },
    });
    const index = PacketIndex.from(r.index);
    this.pages = new PacketPages(SAMPLE, index);
    for (const s of this.sockets) this.pages.addSocket(s);
    // A log line is untrusted text: one with markup goes into the first socket's lane.
    const lanes = { ...r.logs!.sockets };
    const first = Number(Object.keys(lanes)[0]);
    this.evilSocket = first;
    lanes[first] = { ...lanes[first]!, lane: [...lanes[first]!.lane, { log: 0, line: 999, ts: null, written: null, text: `[program] ${EVIL}` }] };
    await this.send({ type: 'done', info: r.info, capture: r.capture, warnings: [...r.warnings, `warning ${EVIL}`], packets: index.count, cancelled: false, logs: { ...r.logs!, sockets: lanes } });
  }
}

/** Polls `ok` until it holds (messages from the page arrive on its schedule, not the test's). */
async function waitFor(ok: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !ok(); ) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function fakePage(start: number, count: number, total: number): { start: number; rows: PacketRowView[]; badges: Record<number, string[]> } {
  const rows: PacketRowView[] = [];
  for (let n = start; n < start + count && n <= total; n++) {
    rows.push({ n, abs: `${1000 + n}.000000000`, rel: `${n}.000000`, delta: '1.000000', src: '10.0.0.1:1', dst: '10.0.0.2:2', proto: 'TCP', flags: 'A', len: 60, info: `row ${n}`, problems: [] });
  }
  return { start, rows, badges: { [start]: ['FD_READ on #1'] } };
}

/**
 * `groups` copies of a capture's sockets, as if the same exchange ran between `groups` pairs of
 * hosts: group g's server is 192.168.(g >> 8).(g & 255), its clients 10.(g >> 8).(g & 255).1,
 * ids run on after the last real one and an accepted socket names its own group's listener.
 * Everything else (events, outcomes, history) is the real sockets' own.
 */
function generatedSockets(real: readonly SocketRowView[], groups: number): SocketRowView[] {
  const listener = real.find((s) => s.role === 'listener')!;
  const serverPort = listener.local.split(':')[1];
  const firstId = Math.max(...real.map((s) => s.id)) + 1;
  const out: SocketRowView[] = [];
  for (let g = 0; g < groups; g++) {
    const server = `192.168.${(g >> 8) & 255}.${g & 255}`;
    const client = `10.${(g >> 8) & 255}.${g & 255}.1`;
    const idOf = (s: SocketRowView) => firstId + g * real.length + real.indexOf(s);
    for (const s of real) {
      const text = JSON.stringify(s).replace(/127\.0\.0\.1:(\d+)/g, (_, port: string) => `${port === serverPort ? server : client}:${port}`);
      const copy = { ...(JSON.parse(text) as SocketRowView), id: idOf(s) };
      out.push(s.listener === undefined ? copy : { ...copy, listener: idOf(real.find((r) => r.id === s.listener)!) });
    }
  }
  return out;
}

describe('capture editor page in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let out: string;
  const violations: string[] = [];
  const errors: string[] = [];
  const host = new Host(() => page);
  const frame = () => page;

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    const { chromium } = await import('playwright-core');
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'wsr-editor-'));
    await build(out, 'production', ['webview']);
    const bundle = fs.readFileSync(path.join(out, 'editor.js'), 'utf8');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const html = editorHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/editor.js` });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/index.html`) return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
      if (url === `${ORIGIN}/dist/editor.js`) return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: bundle });
      return route.abort();
    });
    await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
    await page.exposeFunction('__toHost', (m: unknown) => host.fromPage(m));
    await page.addInitScript({ content: STUB });
    await page.goto(`${ORIGIN}/index.html`);
  });

  after(async () => {
    await browser?.close();
    await host.pages?.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it('says ready, then shows the capture: file name as text, options, facts, warnings', async () => {
    await frame().locator('h1').waitFor();
    assert.equal(await frame().locator('h1').textContent(), `${EVIL}.pcapng`);
    await frame().getByText('Packets 30').waitFor();
    const toolbar = await frame().locator('[aria-label="Options in force"]').textContent();
    assert.match(toolbar!, /Profile: windows.*API: WSAEventSelect.*Mask: FD_READ\|FD_WRITE.*App: prompt.*Local: from the capture/);
    assert.ok((await frame().locator('header').textContent())!.includes(APP_MODEL_TEXT.prompt));
    assert.equal(await frame().locator('.warnings li').last().textContent(), `warning ${EVIL}`);
  });

  it('lists every socket; the filter narrows the list', async () => {
    const rows = frame().locator('.sockets-body [role="row"]');
    assert.equal(await rows.count(), host.sockets.length);
    assert.equal(host.sockets.length, 7);
    await frame().locator('input[type="search"]').fill('accepted');
    assert.equal(await rows.count(), 3);
    assert.match((await frame().locator('.socket-count').textContent())!, /3 of 7 sockets/);
    await frame().locator('input[type="search"]').fill('');
    assert.equal(await rows.count(), 7);
  });

  it('the page is sent each socket\'s summary: what the list shows and the filter searches, never the events', async () => {
    const keys = await page.evaluate(() => Object.keys((window as unknown as { __rowKeys: Record<string, true> }).__rowKeys).sort());
    assert.deepEqual(keys, ['connState', 'diagnosis', 'firstFrame', 'history', 'id', 'lastFrame', 'local', 'localRule', 'outcome', 'remote', 'role', 'title']);
    assert.ok(host.sockets.every((s) => s.events.length > 0), 'the host has every socket\'s events');
  });

  it('selecting a socket shows its timeline: wire packets beside the FD_* reports, and a report\'s rule', async () => {
    const listener = host.sockets.find((s) => s.role === 'listener')!;
    const asked = () => host.received.filter((m) => m.type === 'request' && m.request.kind === 'socket').map((m) => m.type === 'request' && m.request.kind === 'socket' && m.request.socket);
    assert.deepEqual(asked(), [], 'no socket\'s story is asked for before one is selected');
    await frame().locator(`.sockets-body [data-socket="${listener.id}"]`).click();
    await frame().getByText(`Timeline of #${listener.id}: listener 127.0.0.1:47094`).waitFor();
    // The events come from the host's answer to the page's question about this socket.
    await waitFor(() => asked().includes(listener.id), 'the listener\'s story asked for');
    const model = frame().locator('.timeline-body .lane-model');
    await frame().locator('.timeline-body .lane-wire').first().waitFor();
    await model.nth(new Set(listener.events.map((e) => e.report)).size - 1).waitFor();
    assert.equal(await model.count(), new Set(listener.events.map((e) => e.report)).size);
    assert.deepEqual(asked(), [listener.id]);
    assert.match((await model.first().textContent())!, /FD_ACCEPT/);
    // The listener's wire lane: the handshakes and everything on its port, in frame order.
    const wireFrames = await frame().locator('.timeline-body .lane-wire').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-frame'))));
    assert.ok(wireFrames.length >= 9 && wireFrames.every((f, i) => i === 0 || f > wireFrames[i - 1]!));
    await model.first().click();
    await frame().locator('.details').getByText(/text of accept\./).waitFor();
    assert.match((await frame().locator('.details').textContent())!, new RegExp(`Caused by#${listener.events[0]!.frames[0]}`));
    const states = await page.evaluate(() => (window as unknown as { __states: { selected: number }[] }).__states);
    assert.equal(states.at(-1)!.selected, listener.id);
  });

  it('the packet list shows rows with the events they caused; a frame button reveals its packet', async () => {
    const rows = frame().locator('.packets-rows [role="row"]');
    await frame().locator('.packets-rows [role="row"][data-frame="1"] [role="gridcell"]').nth(2).waitFor();
    assert.match((await rows.first().textContent())!, /127\.0\.0\.1:\d+/);
    const badge = frame().locator('.packets-rows .badge', { hasText: 'FD_ACCEPT on #1' });
    assert.ok(await badge.count() >= 1);
    await frame().locator('.details button').first().click();
    const f = host.sockets.find((s) => s.role === 'listener')!.events[0]!.frames[0]!;
    assert.equal(await frame().locator(`.packets-rows [data-frame="${f}"]`).getAttribute('aria-selected'), 'true');
  });

  it('the time format switches every time column', async () => {
    await frame().getByRole('button', { name: 'absolute' }).click();
    assert.match((await frame().locator('.packets-rows [data-frame="1"] [role="gridcell"]').nth(1).textContent())!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}$/);
    await frame().getByRole('button', { name: 'delta' }).click();
    assert.equal(await frame().locator('.packets-rows [data-frame="1"] [role="gridcell"]').nth(1).textContent(), '0.000000');
    // The choice goes to the host only inside the saved view (once the page is still for a moment).
    await waitFor(() => host.received.some((m) => m.type === 'saveView' && m.state.timeFormat === 'delta'), 'a saved view with the delta format');
    await frame().getByRole('button', { name: 'relative' }).click();
  });

  it('buttons ask the host to run commands (the copy goes with the selected socket)', async () => {
    await frame().getByRole('button', { name: 'Copy timeline as Markdown' }).click();
    await frame().getByRole('button', { name: /^Profile: / }).click();
    const commands = host.received.filter((m) => m.type === 'command');
    assert.deepEqual(commands.slice(-2), [{ type: 'command', command: 'copyTimeline', socket: host.sockets.find((s) => s.role === 'listener')!.id }, { type: 'command', command: 'profile' }]);
  });

  it('a story that comes after another socket was selected is dropped; the selected one\'s events and other-profile lines are shown', async () => {
    const listener = host.sockets.find((s) => s.role === 'listener')!;
    const client = host.sockets.find((s) => s.role === 'client' && s.otherProfile.length > 0)!;
    const accepted = host.sockets.find((s) => s.role === 'accepted')!;
    const reports = (x: SocketRowView): string[] => [...new Set(x.events.map((e) => e.report))]
      .map((r) => x.events.filter((e) => e.report === r).map((e) => (e.error === 0 ? e.event : `${e.event}(${e.error})`)).join(' | ')).sort();
    const shown = async (): Promise<string[]> => (await frame().locator('.timeline-body .lane-model [role="gridcell"]:nth-child(4)').evaluateAll((cs) => cs.map((c) => c.getAttribute('title') ?? ''))).sort();
    assert.notDeepEqual(reports(listener), reports(client));
    // Away from the listener first, so selecting it asks for its story again.
    await frame().locator(`.sockets-body [data-socket="${accepted.id}"]`).click();
    await frame().getByText(`Timeline of #${accepted.id}:`).waitFor();
    const before = host.received.length;
    host.hold(listener.id);
    await frame().locator(`.sockets-body [data-socket="${listener.id}"]`).click();
    await waitFor(() => host.received.slice(before).some((m) => m.type === 'request' && m.request.kind === 'socket' && m.request.socket === listener.id), 'the listener\'s story asked for');
    await frame().locator(`.sockets-body [data-socket="${client.id}"]`).click();
    await frame().getByText(`Timeline of #${client.id}: ${client.title}`).waitFor();
    for (let end = Date.now() + 5000; JSON.stringify(await shown()) !== JSON.stringify(reports(client));) {
      assert.ok(Date.now() < end, `the client's reports, not ${JSON.stringify(await shown())}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    host.release(listener.id);
    await waitFor(() => host.answeredSockets.includes(listener.id), 'the listener\'s late story sent');
    // Messages are tasks of the page: one more round trip, and the late answer has been handled.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
    assert.equal(await frame().locator('section[aria-label="Timeline"] h2').textContent(), `Timeline of #${client.id}: ${client.title}`);
    assert.deepEqual(await shown(), reports(client));
    assert.deepEqual(await frame().locator('.diagnosis li.divergence').allTextContents(), client.otherProfile.map((o) => `other profile only, frames ${o.frames.join(', ')}: ${o.text}`));
    assert.equal(await frame().locator('section[aria-label="Timeline"] > p.muted').isHidden(), true);
  });

  it('attached logs: their clocks in the header, a log lane and the verdicts; a log row opens the log at its line', async () => {
    assert.match((await frame().locator('section.logs').textContent())!, /log 1 samples\/logs\/listener-backlog\.program\.log \(program\): \d+ records.*Clock: .*UTC/);
    const client = host.sockets.find((s) => s.role === 'client')!;
    await frame().locator(`.sockets-body [data-socket="${client.id}"]`).click();
    await frame().locator('.comparison h3').getByText(/Compared with the logs: \d+ matched/).waitFor();
    const lane = frame().locator('.timeline-body .lane-log');
    await lane.first().waitFor();
    assert.ok(await lane.count() >= 2);
    const label = (await lane.first().locator('[role="gridcell"]').first().textContent())!;
    const [, log, line] = /^L(\d+):(\d+)$/.exec(label)!;
    await lane.first().click();
    assert.deepEqual(host.received.filter((m) => m.type === 'openLog').at(-1), { type: 'openLog', log: Number(log) - 1, line: Number(line) });
    await frame().getByRole('button', { name: 'Attach a log…' }).click();
    assert.deepEqual(host.received.filter((m) => m.type === 'command').at(-1), { type: 'command', command: 'attachLog' });
    // The made-up row with markup is shown as text on the socket whose lane holds it.
    await frame().locator(`.sockets-body [data-socket="${host.evilSocket}"]`).click();
    await frame().locator('.timeline-body .lane-log').getByText(`[program] ${EVIL}`).waitFor();
  });

  describe('tens of thousands of sockets', () => {
    const grid = () => frame().getByRole('grid', { name: 'Sockets' });
    const rows = () => frame().locator('.sockets-body [role="row"]');
    const row = (id: number) => frame().locator(`.sockets-body [data-socket="${id}"]`);
    let real: SocketRowView[] = [];
    let all: SocketRowView[] = [];
    let restored = 0;

    /** Whether the row is wholly in the grid's view, below its sticky header. */
    const inView = (id: number) => row(id).evaluate((r) => {
      const g = r.closest('[role="grid"]')!;
      const head = g.querySelector('.sockets-head')!.getBoundingClientRect();
      const box = r.getBoundingClientRect();
      const view = g.getBoundingClientRect();
      return box.top >= head.bottom - 0.5 && box.bottom <= view.top + g.clientTop + g.clientHeight + 0.5;
    });
    const selectedIds = () => frame().locator('.sockets-body [aria-selected="true"]').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-socket'))));
    // As text: Playwright's own serialisation of a thousand sockets' objects takes seconds.
    const stream = (sockets: readonly SocketRowView[]) => page.evaluate((t) => window.postMessage(JSON.parse(t), '*'), JSON.stringify({ type: 'sockets', sockets: sockets.map(socketSummary) }));
    const savedSelection = () => page.evaluate(() => (window as unknown as { __states: { selected: number | null }[] }).__states.at(-1)!.selected);

    it('streamed in while the list is scrolled: the view stays put, the DOM holds a few dozen rows, the last socket is reached by scrolling', async () => {
      real = host.sockets.slice(0, 7);
      restored = host.evilSocket;
      all = [...real, ...generatedSockets(real, 3500)];
      assert.ok(all.length > 20_000);
      host.sockets = all;
      // A new analysis of the capture: the page keeps its selection and filter across it.
      await host.send({ type: 'start', file: 'many.pcapng', options: { ...optionsView(DEFAULT_OPTIONS, null), timeFormat: 'relative' } });
      await frame().locator('.socket-count').getByText('0 sockets').waitFor();
      await stream(all.slice(0, 1007));
      await frame().locator('.socket-count').getByText('1007 sockets').waitFor();
      assert.deepEqual(await selectedIds(), [restored]);
      assert.equal(await grid().getAttribute('aria-activedescendant'), `socket-row-${restored}`);
      await grid().evaluate((g) => { g.scrollTop = 300 * 22; });
      await frame().locator('.sockets-body [aria-rowindex="302"]').waitFor();
      const before = await frame().locator('.sockets-body [aria-rowindex="302"]').evaluate((r) => ({ id: r.getAttribute('data-socket'), top: r.getBoundingClientRect().top }));
      for (let i = 1007; i < all.length; i += 1000) await stream(all.slice(i, i + 1000));
      await frame().locator('.socket-count').getByText(`${all.length} sockets`).waitFor();
      const after = await frame().locator('.sockets-body [aria-rowindex="302"]').evaluate((r) => ({ id: r.getAttribute('data-socket'), top: r.getBoundingClientRect().top }));
      assert.deepEqual(after, before);
      assert.equal(before.id, String(all[300]!.id));
      assert.equal(await grid().getAttribute('aria-rowcount'), String(all.length + 1));
      assert.ok(await rows().count() < 60, `${await rows().count()} rows in the DOM`);

      const last = all.at(-1)!;
      await grid().evaluate((g) => { g.scrollTop = g.scrollHeight; });
      await row(last.id).waitFor();
      assert.ok(await inView(last.id));
      assert.equal(await row(last.id).getAttribute('aria-rowindex'), String(all.length + 1));
      // The row as the grid's cells say it, local side marked.
      assert.deepEqual(await row(last.id).locator('[role="gridcell"]').allTextContents(), [String(last.id), last.role, last.local, last.remote ?? '—', last.connState ?? '', last.history ?? '', last.outcome]);
      assert.equal(await row(last.id).locator('.local').textContent(), last.local);
      assert.ok(await rows().count() < 60);
    });

    it('keys move the selection through every match: Home, End, PageUp, arrows; the selected row is scrolled into view', async () => {
      await grid().focus();
      await page.keyboard.press('Home');
      await row(all[0]!.id).waitFor();
      assert.deepEqual(await selectedIds(), [all[0]!.id]);
      assert.ok(await inView(all[0]!.id));
      const last = all.at(-1)!;
      await page.keyboard.press('End');
      await row(last.id).waitFor();
      assert.deepEqual(await selectedIds(), [last.id]);
      assert.ok(await inView(last.id));
      assert.equal(await grid().getAttribute('aria-activedescendant'), `socket-row-${last.id}`);
      assert.equal(await savedSelection(), last.id);
      await frame().getByText(`Timeline of #${last.id}: ${last.title}`).waitFor();
      await page.keyboard.press('PageUp');
      const paged = Number(await frame().locator('.sockets-body [aria-selected="true"]').getAttribute('aria-rowindex'));
      assert.ok(paged >= all.length + 1 - 20 && paged <= all.length + 1 - 5, `PageUp went to row ${paged}`);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      // Row r holds all[r - 1], and aria-rowindex is r + 1: two rows down from `paged` is all[paged].
      const down = all[paged]!;
      assert.deepEqual(await selectedIds(), [down.id]);
      assert.ok(await inView(down.id));
      await page.keyboard.press('End');
      assert.equal(await savedSelection(), last.id);
    });

    it('the filter narrows as it is typed and widens as it is erased; aria-rowcount follows; the selection stays while it matches', async () => {
      const last = all.at(-1)!;
      const box = frame().locator('input[type="search"]');
      const count = (word: string) => all.filter((s) => s.title.toLowerCase().includes(word)).length;
      await box.fill('192.168.13');
      await box.pressSequentially('.17');
      const narrow = count('192.168.13.17');
      assert.ok(narrow > 1 && narrow < 100 && last.title.includes('192.168.13.17'));
      await frame().locator('.socket-count').getByText(`${narrow} of ${all.length} sockets`).waitFor();
      assert.equal(await grid().getAttribute('aria-rowcount'), String(narrow + 1));
      assert.deepEqual(await selectedIds(), [last.id]);
      assert.ok(await inView(last.id));
      assert.equal(await grid().getAttribute('aria-activedescendant'), `socket-row-${last.id}`);
      await box.press('Backspace');
      await box.press('Backspace');
      await box.press('Backspace');
      const wide = count('192.168.13');
      await frame().locator('.socket-count').getByText(`${wide} of ${all.length} sockets`).waitFor();
      assert.equal(await grid().getAttribute('aria-rowcount'), String(wide + 1));
      assert.ok(await inView(last.id));
      // A filter the selected socket fails: no row is marked, the saved selection stays.
      await box.fill('listener');
      await frame().locator('.socket-count').getByText(`${all.filter((s) => s.role === 'listener').length} of ${all.length} sockets`).waitFor();
      assert.deepEqual(await selectedIds(), []);
      assert.equal(await grid().getAttribute('aria-activedescendant'), null);
      assert.equal(await savedSelection(), last.id);
      await box.fill('');
      await frame().locator('.socket-count').getByText(`${all.length} sockets`).waitFor();
      assert.deepEqual(await selectedIds(), [last.id]);
      assert.ok(await inView(last.id));
      assert.ok(await rows().count() < 60);
    });
  });

  it('a million packets: a few dozen rows in the DOM, pages asked on demand, End reaches the last', async () => {
    host.fakeCount = 1_000_000;
    await host.send({ type: 'done', info: { format: 'pcap', bytes: 1, packets: 1_000_000, duplicates: 0, sections: [], interfaces: [], warnings: [], blockCounts: {}, stopped: false }, capture: { file: 'x', format: 'pcap', bytes: 1, packets: 1_000_000, first: '1001.000000000', last: null, connections: 0 }, warnings: [], packets: 1_000_000, cancelled: false, logs: null });
    await frame().locator('.packets-rows [data-frame="1"]').getByText('row 1').waitFor();
    assert.ok(await frame().locator('.packets-rows [role="row"]').count() < 60);
    const before = host.received.filter((m) => m.type === 'request').length;
    await frame().locator('.packets-viewport').focus();
    await page.keyboard.press('End');
    await frame().locator('.packets-rows [data-frame="1000000"]').getByText('row 1000000').waitFor();
    assert.ok(await frame().locator('.packets-rows [role="row"]').count() < 60);
    const asked = host.received.filter((m) => m.type === 'request').slice(before);
    assert.ok(asked.length <= 4, `${asked.length} page requests for one jump`);
  });

  it('a new page takes the host\'s copy of its view when it is newer than its own, not when older', async () => {
    const start: ToEditor = { type: 'start', file: 'again.pcapng', options: { ...optionsView(DEFAULT_OPTIONS, null), timeFormat: 'relative' } };
    const pressed = () => frame().getByRole('group', { name: 'Time format' }).locator('[aria-pressed="true"]').textContent();
    const filter = () => frame().locator('input[type="search"]').inputValue();
    const own = { filter: await filter(), format: await pressed() };
    assert.notEqual(own.format, 'delta');
    await host.send({ type: 'restoreView', state: { selected: null, filter: 'older', timeFormat: 'delta', packetScroll: 0, savedAt: 1 } });
    await host.send(start);
    await frame().locator('h1', { hasText: 'again.pcapng' }).waitFor();
    assert.deepEqual({ filter: await filter(), format: await pressed() }, own);
    await host.send({ type: 'restoreView', state: { selected: null, filter: 'accepted', timeFormat: 'absolute', packetScroll: 0, savedAt: Date.now() + 60_000 } });
    await host.send({ ...start, file: 'restored.pcapng' });
    await frame().locator('h1', { hasText: 'restored.pcapng' }).waitFor();
    assert.deepEqual({ filter: await filter(), format: await pressed() }, { filter: 'accepted', format: 'absolute' });
    const states = await page.evaluate(() => (window as unknown as { __states: { filter: string }[] }).__states);
    assert.equal(states.at(-1)!.filter, 'accepted');
  });

  it('ran under its CSP with no violation, no page error, and no markup from untrusted text', async () => {
    assert.deepEqual(host.rejected, [], 'the page sent messages outside the protocol');
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('img').count(), 0);
  });
});
