/**
 * UI tests: the extension, loaded as a development extension, in code-server's real VS Code
 * workbench with samples/ open, driven by Playwright in headless Chromium. The explorer's context
 * menu runs "Show Capture Summary" on a capture; the summary is read from the panel's webview
 * (two nested iframes: iframe.webview.ready > iframe#active-frame, the extension's page).
 *
 * Needs code-server (scripts/install-code-server.sh, run here; a no-op once installed) and
 * /usr/bin/chromium (or CHROME_PATH). Screenshots go to .vscode-test/shots/ (or UI_SHOTS_DIR),
 * also when a test fails.
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium, startCodeServer, type CodeServer } from '../../scripts/code-server-harness';
import { ensureCodeServer, ensureExtensionBuilt, repoRoot } from '../vscode/ensureBuilt';

const SAMPLES = path.join(repoRoot, 'samples');
const SHOTS = process.env.UI_SHOTS_DIR ?? path.join(repoRoot, '.vscode-test', 'shots');

let server: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page;

/** The page shown by the visible webview (the active editor's). */
function webview(): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible >> nth=-1').frameLocator('#active-frame');
}

function explorerRow(name: string) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(name)}]`);
}

/**
 * Right-clicks `file` in the explorer and picks `item` from its context menu. The menu is built
 * from the contributions known when it opens, and the extension's arrive only once the remote
 * extension host is up: reopen the menu until the item is there.
 */
async function explorerContextMenu(file: string, item: string, timeoutMs = 60000): Promise<void> {
  const row = explorerRow(file);
  await row.waitFor({ timeout: timeoutMs });
  const menu = page.locator('.monaco-menu');
  const end = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    await row.click({ button: 'right', timeout: 5000 });
    const entry = menu.getByText(item, { exact: true });
    try {
      await entry.waitFor({ timeout: 2000 });
      // The menu ignores a click that comes right after it opened: click until it closes.
      for (let click = 1; ; click++) {
        await page.waitForTimeout(250);
        await entry.click({ timeout: 5000 });
        try {
          await menu.waitFor({ state: 'detached', timeout: 1000 });
          return;
        } catch (err) {
          if (click === 5) throw err;
        }
      }
    } catch (err) {
      if (Date.now() > end) throw new Error(`"${item}" never appeared in ${file}'s context menu (${attempt} tries): ${String(err)}`);
      await closeMenu();
    }
  }
}

/** Closes an open context menu: Escape, or failing that a click beside it (on the blocker it spreads over the page). */
async function closeMenu(): Promise<void> {
  const menu = page.locator('.monaco-menu');
  if ((await menu.count()) === 0) return;
  await page.keyboard.press('Escape');
  try {
    await menu.waitFor({ state: 'detached', timeout: 1000 });
  } catch {
    await page.mouse.click(1300, 850);
    await menu.waitFor({ state: 'detached', timeout: 5000 });
  }
}

/** "Label" → value from the summary's overview facts. */
async function overview(view: FrameLocator): Promise<Record<string, string>> {
  const dts = await view.locator('section[aria-labelledby="overview-heading"] dl.facts > dt').allTextContents();
  const dds = await view.locator('section[aria-labelledby="overview-heading"] dl.facts > dd').allTextContents();
  return Object.fromEntries(dts.map((dt, i) => [dt, dds[i] ?? '']));
}

/** it(), plus a screenshot of the workbench (FAILED-<name>.png) when the test fails. */
function uiTest(name: string, fn: () => Promise<void>): void {
  it(name, async () => {
    try {
      await fn();
    } catch (err) {
      const file = `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
      if (page) await page.screenshot({ path: path.join(SHOTS, file) }).catch(() => {});
      throw err;
    }
  });
}

async function activeTabLabel(): Promise<string> {
  return (await page.locator('.tabs-container .tab.active .label-name').first().textContent()) ?? '';
}

describe('Winsock Replay in the VS Code workbench (code-server + Chromium)', { timeout: 180000 }, () => {
  before(async () => {
    ensureExtensionBuilt();
    ensureCodeServer();
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startCodeServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.setDefaultTimeout(30000);
    await page.goto(server.workbenchUrl({
      folder: SAMPLES,
      payload: [['extensionDevelopmentPath', server.remoteUri(repoRoot)], ['skipWelcome', 'true']],
    }));
    await explorerRow('graceful-close.pcapng').waitFor({ timeout: 60000 });
  });

  after(async () => {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
  });

  uiTest('the explorer context menu shows the summary of a pcapng capture', async () => {
    await explorerContextMenu('graceful-close.pcapng', 'Show Capture Summary');
    const view = webview();
    await view.locator('h1#title', { hasText: 'graceful-close.pcapng' }).waitFor();
    const facts = await overview(view);
    assert.equal(facts['File'], path.join(SAMPLES, 'graceful-close.pcapng'));
    assert.equal(facts['Format'], 'pcapng');
    assert.equal(facts['Packets'], '11');
    assert.equal(facts['Size'], '1.50 KiB (1,536 bytes)');
    assert.equal(await view.locator('#warnings-heading').textContent(), 'Warnings (0)');
    assert.deepEqual(await view.locator('table.interfaces tbody tr').count(), 1);
    assert.equal(await activeTabLabel(), 'Capture: graceful-close.pcapng');
    await page.screenshot({ path: path.join(SHOTS, 'summary-graceful-close.png') });
  });

  uiTest('a classic pcap gets a panel of its own', async () => {
    await explorerContextMenu('refused.pcap', 'Show Capture Summary');
    const view = webview();
    await view.locator('h1#title', { hasText: 'refused.pcap' }).waitFor();
    const facts = await overview(view);
    assert.equal(facts['Format'], 'pcap');
    assert.equal(facts['Packets'], '2');
    assert.equal(await activeTabLabel(), 'Capture: refused.pcap');
    const labels = await page.locator('.tabs-container .tab .label-name').allTextContents();
    assert.ok(labels.includes('Capture: graceful-close.pcapng'), `tabs: ${labels.join(', ')}`);
    await page.screenshot({ path: path.join(SHOTS, 'summary-refused.png') });
  });
});
