/**
 * Switching the profile from the capture editor's page, in code-server's real VS Code workbench
 * (samples/ open), driven by Playwright in headless Chromium. samples/README.md's "reset by peer"
 * story: the client of reset-abort.pcapng gets FD_CLOSE with WSAECONNABORTED under the windows
 * profile, with the note that the documented model says WSAECONNRESET. The page's Profile button
 * asks through the workbench's quick pick; picking "documented" re-runs the replay, and the same
 * report becomes FD_CLOSE(WSAECONNRESET) with a windows divergence. Then back to windows.
 *
 * What the page must show is computed from `winsock-replay analyze --json --profile …`
 * (captureOracle.ts); the page is read as a user sees it (roles, names, visible text). The
 * profile is a workspace setting (samples/.vscode/settings.json): the file is put back as it was
 * whatever happens. Needs code-server and /usr/bin/chromium (see workbench.ts).
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { analyze, eventText, type AnalyzeJson, type SocketJson } from './captureOracle';
import { EditorPage, gridRows } from './editorPage';
import { SAMPLES, uiTest, until, Workbench } from './workbench';

const RESET = 'reset-abort.pcapng';
const FILE = path.join(SAMPLES, RESET);
const SETTINGS_DIR = path.join(SAMPLES, '.vscode');
const SETTINGS_FILE = path.join(SETTINGS_DIR, 'settings.json');

let wb: Workbench | undefined;
const bench = (): Workbench => wb!;
const editor = new EditorPage(() => bench().webview());
const page = (): FrameLocator => editor.page;

/** An event as the CLI has it, with the note on the other profile. */
type EventJson = SocketJson['events'][number] & { readonly divergence?: string };



/** Frame → the badges its packet row shows, once every row has loaded (a loading row has fewer cells). */
async function badges(): Promise<Map<number, string[]>> {
  const read = () => editor.packets().getByRole('row').evaluateAll((rs) => rs
    .map((r) => Array.from(r.querySelectorAll('[role="gridcell"]')))
    .filter((cells) => cells.length > 0)
    .map((cells) => ({ cells: cells.length, frame: Number(cells[0]!.textContent), badges: Array.from(cells.at(-1)!.children, (b) => b.textContent ?? '') })));
  const rows = await until(read, (r) => r.length > 0 && r.every((x) => x.cells === 8), 'the packet rows to load');
  return new Map(rows.map((r) => [r.frame, r.badges]));
}

/** The analysis under `profile`, the other options as the page has them in force now. */
async function oracle(profile: string): Promise<AnalyzeJson> {
  const o = await until(() => editor.optionsInForce(), (x) => x.profile === profile, `the page to say Profile: ${profile}`);
  const a = await analyze(FILE, o);
  assert.equal(a.options.profile, profile);
  return a;
}

function clientOf(a: AnalyzeJson): SocketJson {
  const s = a.sockets.find((x) => x.role === 'client');
  assert.ok(s !== undefined, 'the CLI finds no client');
  return s;
}

/** The client's FD_CLOSE as the CLI reports it. */
function closeOf(a: AnalyzeJson): EventJson {
  const e = clientOf(a).events.find((x) => x.event === 'FD_CLOSE') as EventJson | undefined;
  assert.ok(e !== undefined, 'the client has no FD_CLOSE');
  return e;
}

/**
 * What the user sees of the client under the analysis `a`: the client selected and its timeline
 * shown, each of its reports in the model lane, the FD_* badges on the packets that caused its
 * events, and the FD_CLOSE report's details with the other profile's note.
 */
async function expectClientAsIn(a: AnalyzeJson): Promise<void> {
  const client = clientOf(a);
  const close = closeOf(a);
  await page().getByRole('region', { name: 'Timeline' }).getByRole('heading', { name: `Timeline of #${client.id}: client ${client.local}`, exact: false }).waitFor();
  await until(() => editor.sockets().getByRole('row', { selected: true }).getByRole('gridcell').first().textContent(), (id) => id === String(client.id), `#${client.id} selected`, 10000);

  // The model lane: one row per report, its events as the CLI names them.
  const reports = [...new Set(client.events.map((e) => e.report))].map((r) => client.events.filter((e) => e.report === r));
  const expected = reports.map((events) => ({ frame: String(Math.max(...events.flatMap((e) => e.frames))), text: events.map(eventText).join(' | ') }));
  const modelRows = async () => (await gridRows(editor.timeline())).filter((cells) => cells[3] !== '');
  const rows = await until(modelRows, (r) => r.length === expected.length, `${expected.length} reports in the model lane`);
  // The cell: the events, then lNetworkEvents or lParam, then ≠ where the other profile differs.
  assert.deepEqual(rows.map((cells) => ({ frame: cells[0], text: cells[3]!.slice(0, cells[3]!.indexOf(' 0x')) })), expected);

  // The packets that caused the client's events carry its badges.
  const shown = await badges();
  for (const e of client.events) {
    for (const f of e.frames) assert.ok(shown.get(f)?.includes(`${eventText(e)} on #${client.id}`), `frame ${f}: ${JSON.stringify(shown.get(f))} lacks ${eventText(e)} on #${client.id}`);
  }

  // The FD_CLOSE report, marked as diverging; selected, its details say what the other profile reports.
  assert.ok(close.divergence !== undefined, 'the CLI has no divergence for the FD_CLOSE');
  const closeRow = editor.timeline().getByRole('row').filter({ hasText: eventText(close) });
  assert.equal(await closeRow.count(), 1);
  assert.match(await closeRow.getByRole('gridcell').last().textContent() ?? '', /≠$/);
  await closeRow.click();
  await until(() => closeRow.getAttribute('aria-selected'), (v) => v === 'true', 'the FD_CLOSE report selected', 5000);
  const details = page().getByRole('region', { name: 'Timeline' }).getByRole('definition');
  await until(() => details.allTextContents(), (t) => t.includes(close.divergence!), `the note "${close.divergence}" in the report's details`, 10000);
  assert.ok((await details.allTextContents()).includes(`FD_CLOSE, iErrorCode ${close.error}`));
}

/** The page's Profile button, then `profile` from the quick pick it opens in the workbench. */
async function switchProfile(profile: string): Promise<void> {
  await editor.optionsBar().getByRole('button', { name: /^Profile: / }).click();
  const quickPick = bench().page.locator('.quick-input-widget');
  await quickPick.getByText('Winsock Replay: profile', { exact: true }).waitFor();
  // Each option is named by its label and description: `documented, Microsoft's text (the seeds)`.
  const names = await quickPick.getByRole('option').evaluateAll((os) => os.map((o) => o.getAttribute('aria-label') ?? ''));
  assert.deepEqual(names.map((n) => n.split(',')[0]), ['windows', 'documented']);
  await bench().screenshot(`profile-switch-pick-${profile}.png`);
  await quickPick.getByRole('option', { name: new RegExp(`^${profile},`) }).click();
  await quickPick.waitFor({ state: 'hidden' });
}

describe('switching the profile from the capture editor (code-server + Chromium)', { timeout: 240000 }, () => {
  // The workspace setting the switch writes: put back as found.
  const hadDir = fs.existsSync(SETTINGS_DIR);
  const hadSettings = fs.existsSync(SETTINGS_FILE) ? fs.readFileSync(SETTINGS_FILE) : null;

  before(async () => {
    wb = await Workbench.open(SAMPLES, RESET);
    // Until the extension's contributions arrive, a double-click opens a capture as text.
    await wb.whenContributed(RESET, 'Analyze Capture');
  });

  after(async () => {
    await wb?.close();
    if (hadSettings !== null) fs.writeFileSync(SETTINGS_FILE, hadSettings);
    else if (hadDir) fs.rmSync(SETTINGS_FILE, { force: true });
    else fs.rmSync(SETTINGS_DIR, { recursive: true, force: true });
  });

  uiTest('the reset\'s FD_CLOSE is WSAECONNABORTED under windows, WSAECONNRESET once the page switches to documented, and back', () => wb, async () => {
    await bench().explorerRow(RESET).dblclick();
    await bench().page.locator('.tabs-container .tab.active', { hasText: RESET }).waitFor();
    await page().getByRole('heading', { level: 1, name: RESET, exact: true }).waitFor();

    const windows = await oracle('windows');
    // samples/README.md, "reset by peer".
    assert.equal(eventText(closeOf(windows)), 'FD_CLOSE(WSAECONNABORTED)');
    assert.match(closeOf(windows).divergence ?? '', /^documented: FD_CLOSE\(WSAECONNRESET\)/);
    await editor.socketRow(clientOf(windows).id).click();
    await expectClientAsIn(windows);
    await bench().screenshot('profile-switch-windows.png');

    await switchProfile('documented');
    const documented = await oracle('documented');
    assert.equal(eventText(closeOf(documented)), 'FD_CLOSE(WSAECONNRESET)');
    assert.match(closeOf(documented).divergence ?? '', /^windows: FD_CLOSE\(WSAECONNABORTED\)/);
    // The selection outlives the re-run: the same client, its timeline as documented has it.
    await expectClientAsIn(documented);
    await bench().screenshot('profile-switch-documented.png');

    await switchProfile('windows');
    await expectClientAsIn(await oracle('windows'));
  });
});
