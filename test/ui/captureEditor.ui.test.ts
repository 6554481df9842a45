/**
 * The capture editor as a page inside code-server's real VS Code workbench (samples/ open),
 * driven by Playwright in headless Chromium. A capture double-clicked in the explorer opens in the
 * Winsock Replay editor, and what the page shows is held against `winsock-replay analyze`,
 * `packets` and `info --json` under the options the page says are in force (captureOracle.ts);
 * the sockets grid and the time format are worked from the keyboard; a reload of the browser tab
 * brings the editor back as it was left. VS Code for the Web saves its own UI state (the open
 * editors and their webview states) once a minute and when the window loses the focus, not on a
 * reload: the test has it save once, then changes the view, so what the reload brings back beyond
 * that save is the extension's own copy of the view (extension/viewStates.ts).
 *
 * Accessibility: no screen reader runs here. What one would announce comes from Chromium's
 * accessibility tree, which Playwright reads (locator.ariaSnapshot(), role and name queries); the
 * accessibility test checks that tree instead: grids with rows, cells and names, named buttons
 * and regions, and the selection exposed as aria-selected.
 *
 * The lists are found by role and accessible name, not by their markup, which changes as they
 * learn virtual scrolling. Needs code-server and /usr/bin/chromium (see workbench.ts).
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { analyze, eventText, expandOutcome, info, packets, seconds, utc, type PacketJson, type SocketJson } from './captureOracle';
import { EditorPage, gridRows } from './editorPage';
import { SAMPLES, SHOTS, uiTest, until, Workbench } from './workbench';

const RESET = 'reset-abort.pcapng';
const BACKLOG = 'listener-backlog.pcapng';

let wb: Workbench | undefined;
const bench = (): Workbench => wb!;
const editor = new EditorPage(() => bench().webview());
const page = (): FrameLocator => editor.page;

/** Double-clicks a capture in the explorer and waits for its page to show the finished analysis. */
async function openCapture(name: string): Promise<void> {
  await bench().explorerRow(name).dblclick();
  await bench().page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  await page().getByRole('heading', { level: 1, name, exact: true }).waitFor();
  await page().locator('.facts').waitFor();
}


interface PacketRow {
  readonly cells: string[];
  readonly badges: string[];
}

/** The packet list's rows in the DOM, once each has its packet (a row still loading shows only its number). */
async function packetRows(): Promise<PacketRow[]> {
  const read = () => editor.packets().getByRole('row').evaluateAll((rs) => rs
    .map((r) => Array.from(r.querySelectorAll('[role="gridcell"]')))
    .filter((cells) => cells.length > 0)
    .map((cells) => ({ cells: cells.map((c) => c.textContent ?? ''), badges: Array.from(cells.at(-1)!.children, (b) => b.textContent ?? '') })));
  return until(read, (rows) => rows.length > 0 && rows.every((r) => r.cells.length === 8), 'the packet rows to load');
}

/** The time column as the page should show packet `p` in format `f`. */
function expectedTime(all: readonly PacketJson[], p: PacketJson, f: string): string {
  if (f === 'absolute') return utc(p.ts);
  if (f === 'delta') return seconds(all[p.n - 2]?.ts ?? p.ts, p.ts);
  return seconds(all[0]!.ts, p.ts);
}

/** Socket `s`'s packets: those between its two ends (a listener's: any to or from its end). */
function ownPackets(all: readonly PacketJson[], s: SocketJson): PacketJson[] {
  return all.filter((p) => {
    const src = `${p.src}:${p.sport}`;
    const dst = `${p.dst}:${p.dport}`;
    return s.remote === null ? src === s.local || dst === s.local : (src === s.local && dst === s.remote) || (src === s.remote && dst === s.local);
  });
}


/** "Label" → value from the header's facts (`Packets 30`). */
async function facts(): Promise<Record<string, string>> {
  const pairs = await page().locator('.facts > span').evaluateAll((spans) => spans.map((s) => [s.firstChild?.textContent?.trim() ?? '', s.querySelector('b')?.textContent ?? '']));
  return Object.fromEntries(pairs);
}

async function selectedSocket(): Promise<number | null> {
  const rows = editor.sockets().getByRole('row', { selected: true });
  return (await rows.count()) === 1 ? Number(await rows.getByRole('gridcell').first().textContent()) : null;
}

/** The selection is `s`, and the timeline shows it. */
async function expectSelected(s: SocketJson): Promise<void> {
  await until(selectedSocket, (id) => id === s.id, `socket #${s.id} selected`, 10000);
  await page().getByRole('region', { name: 'Timeline' }).getByRole('heading', { name: `Timeline of #${s.id}: ${s.role} ${s.local}`, exact: false }).waitFor();
}

async function packetScroll(): Promise<number> {
  // The packet grid's scrolling part, whichever element of it that is.
  return editor.packets().evaluate((g) => Math.max(g.scrollTop, ...Array.from(g.querySelectorAll('*'), (e) => e.scrollTop)));
}

describe('the capture editor in the VS Code workbench (code-server + Chromium)', { timeout: 180000 }, () => {
  before(async () => {
    wb = await Workbench.open(SAMPLES, BACKLOG);
    // Until the extension's contributions arrive, a double-click opens a capture as text.
    await wb.whenContributed(BACKLOG, 'Analyze Capture');
  });

  after(async () => {
    await wb?.close();
  });

  uiTest('a double-clicked capture opens in the editor: header, sockets, packets and a timeline as the CLI has them', () => wb, async () => {
    const file = path.join(SAMPLES, RESET);
    await openCapture(RESET);
    const o = await editor.optionsInForce();
    const [a, all, summary] = await Promise.all([analyze(file, o), packets(file), info(file)]);
    const { profile, api, mask, app, local } = a.options;
    assert.deepEqual(o, { profile, api, mask, app, local });

    const f = await facts();
    assert.equal(f['Format'], summary.format);
    assert.equal(f['Packets'], String(summary.packets));
    assert.equal(f['Packets'], String(a.capture.packets));
    assert.equal(f['Connections'], String(a.capture.connections));
    assert.equal(f['From'], summary.firstTimeUtc.replace('T', ' ').replace(/Z$/, ''));

    const sockets = await gridRows(editor.sockets());
    assert.deepEqual(sockets.map((cells) => cells.slice(0, 6)), a.sockets.map((s) => [String(s.id), s.role, s.local, s.remote ?? '—', s.connState ?? '', s.history ?? '']));
    sockets.forEach((cells, i) => assert.deepEqual(expandOutcome(cells[6]!), a.sockets[i]!.events.map(eventText), `outcome of #${cells[0]}`));
    assert.ok(a.sockets.some((s) => s.events.some((e) => e.error !== 0)), 'the sample has an error to show');

    const rows = await packetRows();
    assert.equal(rows.length, all.length, 'every packet of a short capture is in the DOM');
    for (const { cells, badges } of rows) {
      const p = all[Number(cells[0]) - 1]!;
      assert.deepEqual(cells.slice(0, 6), [String(p.n), expectedTime(all, p, 'relative'), `${p.src}:${p.sport}`, `${p.dst}:${p.dport}`, p.proto.toUpperCase(), String(p.len)]);
      const caused = a.sockets.flatMap((s) => s.events.filter((e) => e.frames.includes(p.n)).map((e) => `${eventText(e)} on #${s.id}`));
      assert.deepEqual([...badges].sort(), [...new Set(caused)].sort(), `badges of frame ${p.n}`);
    }

    // The timeline of the socket with the error: its packets beside each report, in frame order.
    const s = a.sockets.find((x) => x.remote !== null && x.events.some((e) => e.error !== 0))!;
    await editor.socketRow(s.id).click();
    await expectSelected(s);
    const own = ownPackets(all, s);
    const reports = [...new Set(s.events.map((e) => e.report))].map((r) => s.events.filter((e) => e.report === r));
    const expected = [
      ...own.map((p) => ({ frame: p.n, lane: 'wire', text: `${p.src}:${p.sport} → ${p.dst}:${p.dport}` })),
      ...reports.map((events) => ({ frame: Math.max(...events.flatMap((e) => e.frames)), lane: 'model', text: events.map(eventText).join(' | ') })),
    ].sort((x, y) => x.frame - y.frame || (x.lane === 'wire' ? -1 : 1));
    const timeline = await until(() => gridRows(editor.timeline()), (r) => r.length === expected.length, `${expected.length} timeline rows`);
    assert.deepEqual(timeline.map((cells) => ({ frame: Number(cells[0]), lane: cells[3] === '' ? 'wire' : 'model' })), expected.map(({ frame, lane }) => ({ frame, lane })));
    timeline.forEach((cells, i) => {
      const e = expected[i]!;
      assert.ok((e.lane === 'wire' ? cells[2]! : cells[3]!).startsWith(`${e.text} `), `timeline row ${i + 1}: ${JSON.stringify(cells)} should start ${e.text}`);
      if (e.lane === 'wire') assert.equal(cells[1], expectedTime(all, all[e.frame - 1]!, 'relative'));
    });
    await bench().screenshot('capture-editor-reset-abort.png');
  });

  uiTest('from the keyboard: arrows and Enter/Space select a socket and the timeline follows; the time buttons change the time column', () => wb, async () => {
    const file = path.join(SAMPLES, BACKLOG);
    await openCapture(BACKLOG);
    const a = await analyze(file, await editor.optionsInForce());
    const all = await packets(file);
    const ids = (await gridRows(editor.sockets())).map((cells) => Number(cells[0]));
    assert.deepEqual(ids, a.sockets.map((s) => s.id));
    const nth = (i: number): SocketJson => a.sockets[i]!;
    const keys = bench().page.keyboard;

    // From the filter box, Tab goes into the sockets grid.
    await editor.filterBox().focus();
    await keys.press('Tab');
    assert.ok(await editor.sockets().evaluate((g) => g.contains(document.activeElement)), 'Tab from the filter lands in the sockets grid');
    await keys.press('Enter');
    await expectSelected(nth(0));
    await keys.press('ArrowDown');
    await keys.press('ArrowDown');
    await keys.press('Enter');
    await expectSelected(nth(2));
    await keys.press('ArrowUp');
    await keys.press(' ');
    await expectSelected(nth(1));

    for (const f of ['absolute', 'delta', 'relative']) {
      await editor.timeButton(f).focus();
      await keys.press('Enter');
      assert.equal(await editor.timeButton(f).getAttribute('aria-pressed'), 'true');
      await until(packetRows, (rows) => rows.every(({ cells }) => cells[1] === expectedTime(all, all[Number(cells[0]) - 1]!, f)), `the ${f} time column`, 10000);
      if (f === 'absolute') await bench().screenshot('capture-editor-absolute.png');
    }
  });

  uiTest('the accessibility tree: named grids of rows and cells, named buttons and regions, the selection as aria-selected', () => wb, async () => {
    const selected = await selectedSocket();
    assert.notEqual(selected, null, 'the previous test left a socket selected');
    const tree = await page().locator('body').ariaSnapshot();
    fs.writeFileSync(path.join(SHOTS, 'capture-editor-aria.yaml'), tree);
    const lines = tree.split('\n');

    for (const [name, columns] of [
      ['Sockets', ['#', 'Role', 'Local', 'Remote', 'State', 'History', 'FD_* outcome']],
      ['Packets', ['No.', 'Time', 'Source', 'Destination', 'Proto', 'Length', 'Info', 'Events']],
      ['Timeline', ['Frame', 'Time', 'Wire / log', 'Model (FD_* reported)']],
    ] as const) {
      assert.ok(lines.some((l) => l.trim() === `- grid "${name}":`), `a grid named ${name}`);
      const grid = page().getByRole('grid', { name, exact: true });
      assert.deepEqual(await grid.getByRole('columnheader').allTextContents(), columns);
      const rows = await gridRows(grid);
      assert.ok(rows.length > 0 && rows.every((cells) => cells.length === columns.length), `${name}: every row has ${columns.length} gridcells`);
    }
    assert.equal(await editor.sockets().getByRole('row', { selected: true }).count(), 1);
    const marked = lines.map((l) => /^\s*- '?row "(\d+) [^"]*" \[selected\]'?:?$/.exec(l)?.[1]).filter((id) => id !== undefined);
    assert.ok(marked.includes(String(selected)), `the selected socket row is [selected] in the tree (${marked.join(', ')})`);

    // Every button has a name; the time format is a named group whose pressed button says so.
    const buttons = lines.filter((l) => /^\s*- '?button\b/.test(l));
    assert.ok(buttons.length >= 10, `${buttons.length} buttons`);
    assert.deepEqual(buttons.filter((l) => !/^\s*- '?button "[^"]+"/.test(l)), [], 'buttons without a name');
    assert.equal(await page().getByRole('button').count(), buttons.length);
    assert.deepEqual(lines.filter((l) => /^\s*- button "(relative|absolute|delta)" \[pressed\]$/.test(l)).length, 1);
    for (const [role, name] of [['region', 'Sockets'], ['region', 'Timeline'], ['region', 'Packets'], ['toolbar', 'Options in force'], ['toolbar', 'Actions'], ['group', 'Time format'], ['searchbox', 'Filter sockets']] as const) {
      assert.equal(await page().getByRole(role, { name, exact: true }).count(), 1, `${role} "${name}"`);
    }
    assert.equal(await page().getByRole('heading', { level: 1 }).textContent(), BACKLOG);
  });

  uiTest('a reload of the browser tab brings the editor back with its socket, filter, time format and scroll', () => wb, async () => {
    const file = path.join(SAMPLES, BACKLOG);
    const a = await analyze(file, await editor.optionsInForce());
    const all = await packets(file);
    const clients = a.sockets.filter((s) => s.role === 'client');
    const chosen = clients.at(-1)!;

    // VS Code saves its UI state: the editor will come back, but with the page's state as of now.
    // What changes after this only the extension's own copy of the view can bring back.
    await bench().loseFocus();
    await until(() => bench().storageHolds(`\\"title\\":\\"${BACKLOG}\\"`), (held) => held, 'the open editor in the workbench storage', 15000);
    await editor.filterBox().fill('client');
    await until(() => gridRows(editor.sockets()), (rows) => rows.length === clients.length, 'the filter to leave the clients');
    assert.deepEqual((await gridRows(editor.sockets())).map((cells) => Number(cells[0])), clients.map((s) => s.id));
    await editor.socketRow(chosen.id).click();
    await expectSelected(chosen);
    await editor.timeButton('delta').click();
    await editor.packets().hover();
    await bench().page.mouse.wheel(0, 120);
    const top = await until(packetScroll, (t) => t > 0, 'the packet list to scroll');
    // The page hands its view to the host, which stores it in the workbench's storage.
    await until(() => bench().storageHolds(`"selected":${chosen.id},"filter":"client","timeFormat":"delta","packetScroll":${top},`), (held) => held, 'the view in the workbench storage', 15000);

    await bench().page.reload();
    await bench().explorerRow(BACKLOG).waitFor({ timeout: 60000 });
    await bench().page.locator('.tabs-container .tab.active', { hasText: BACKLOG }).waitFor({ timeout: 60000 });
    await page().getByRole('heading', { level: 1, name: BACKLOG, exact: true }).waitFor({ timeout: 60000 });
    // The page may draw the analysis once before the host's copy of its view arrives.
    await until(() => editor.filterBox().inputValue(), (v) => v === 'client', 'the filter restored');
    assert.deepEqual((await until(() => gridRows(editor.sockets()), (rows) => rows.length === clients.length, 'the filtered sockets')).map((cells) => Number(cells[0])), clients.map((s) => s.id));
    await expectSelected(chosen);
    assert.equal(await editor.timeButton('delta').getAttribute('aria-pressed'), 'true');
    assert.equal(await until(packetScroll, (t) => t === top, `the packet list scrolled to ${top}`, 10000), top);
    const rows = await until(packetRows, (r) => r.every(({ cells }) => cells[1] === expectedTime(all, all[Number(cells[0]) - 1]!, 'delta')), 'the delta time column');
    assert.ok(rows.some(({ cells }) => Number(cells[0]) > 13), 'rows past the first view are shown');
    await bench().screenshot('capture-editor-restored.png');
  });
});
