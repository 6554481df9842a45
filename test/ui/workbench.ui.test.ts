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
import * as path from 'path';
import { after, before, describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { SAMPLES, uiTest, Workbench } from './workbench';

let wb: Workbench | undefined;

/** "Label" → value from the summary's overview facts. */
async function overview(view: FrameLocator): Promise<Record<string, string>> {
  const dts = await view.locator('section[aria-labelledby="overview-heading"] dl.facts > dt').allTextContents();
  const dds = await view.locator('section[aria-labelledby="overview-heading"] dl.facts > dd').allTextContents();
  return Object.fromEntries(dts.map((dt, i) => [dt, dds[i] ?? '']));
}

describe('Winsock Replay in the VS Code workbench (code-server + Chromium)', { timeout: 180000 }, () => {
  before(async () => {
    wb = await Workbench.open(SAMPLES, 'graceful-close.pcapng');
  });

  after(async () => {
    await wb?.close();
  });

  uiTest('the explorer context menu shows the summary of a pcapng capture', () => wb, async () => {
    const w = wb!;
    await w.explorerContextMenu('graceful-close.pcapng', 'Show Capture Summary');
    const view = w.webview();
    await view.locator('h1#title', { hasText: 'graceful-close.pcapng' }).waitFor();
    const facts = await overview(view);
    assert.equal(facts['File'], path.join(SAMPLES, 'graceful-close.pcapng'));
    assert.equal(facts['Format'], 'pcapng');
    assert.equal(facts['Packets'], '11');
    assert.equal(facts['Size'], '1.50 KiB (1,536 bytes)');
    assert.equal(await view.locator('#warnings-heading').textContent(), 'Warnings (0)');
    assert.deepEqual(await view.locator('table.interfaces tbody tr').count(), 1);
    assert.equal(await w.activeTabLabel(), 'Capture: graceful-close.pcapng');
    await w.screenshot('summary-graceful-close.png');
  });

  uiTest('a classic pcap gets a panel of its own', () => wb, async () => {
    const w = wb!;
    await w.explorerContextMenu('refused.pcap', 'Show Capture Summary');
    const view = w.webview();
    await view.locator('h1#title', { hasText: 'refused.pcap' }).waitFor();
    const facts = await overview(view);
    assert.equal(facts['Format'], 'pcap');
    assert.equal(facts['Packets'], '2');
    assert.equal(await w.activeTabLabel(), 'Capture: refused.pcap');
    const labels = await w.page.locator('.tabs-container .tab .label-name').allTextContents();
    assert.ok(labels.includes('Capture: graceful-close.pcapng'), `tabs: ${labels.join(', ')}`);
    await w.screenshot('summary-refused.png');
  });
});
