/**
 * What the UI tests share: code-server's real VS Code workbench with the extension loaded as a
 * development extension and a folder open, driven by Playwright in headless Chromium, and the
 * ways into it (the explorer, its context menu, the tabs, a webview's page).
 *
 * Needs code-server (scripts/install-code-server.sh, run here; a no-op once installed) and
 * /usr/bin/chromium (or CHROME_PATH). Screenshots go to .vscode-test/shots/ (or UI_SHOTS_DIR).
 */

import * as fs from 'fs';
import * as path from 'path';
import { it } from 'node:test';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium, startCodeServer, type CodeServer } from '../../scripts/code-server-harness';
import { ensureCodeServer, ensureExtensionBuilt, repoRoot } from '../vscode/ensureBuilt';

export const SAMPLES = path.join(repoRoot, 'samples');
export const SHOTS = process.env.UI_SHOTS_DIR ?? path.join(repoRoot, '.vscode-test', 'shots');

export class Workbench {
  private constructor(private readonly server: CodeServer, private readonly browser: Browser, readonly page: Page) {}

  /** Builds what is stale, starts code-server and Chromium, and opens `folder` once its explorer shows `waitFor`. */
  static async open(folder: string, waitFor: string): Promise<Workbench> {
    ensureExtensionBuilt();
    ensureCodeServer();
    fs.mkdirSync(SHOTS, { recursive: true });
    const server = await startCodeServer();
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      page.setDefaultTimeout(30000);
      const wb = new Workbench(server, browser, page);
      await page.goto(server.workbenchUrl({
        folder,
        payload: [['extensionDevelopmentPath', server.remoteUri(repoRoot)], ['skipWelcome', 'true']],
      }));
      await wb.explorerRow(waitFor).waitFor({ timeout: 60000 });
      return wb;
    } catch (err) {
      if (browser) await browser.close().catch(() => {});
      await server.stop();
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => {});
    await this.server.stop();
  }

  /** The page shown by the visible webview (the active editor's): iframe.webview.ready > iframe#active-frame. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready:visible >> nth=-1').frameLocator('#active-frame');
  }

  explorerRow(name: string): Locator {
    return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(name)}]`);
  }

  /**
   * Right-clicks `file` in the explorer and picks `item` from its context menu. The menu is built
   * from the contributions known when it opens, and the extension's arrive only once the remote
   * extension host is up: reopen the menu until the item is there.
   */
  async explorerContextMenu(file: string, item: string, timeoutMs = 60000): Promise<void> {
    const menu = this.page.locator('.monaco-menu');
    const end = Date.now() + timeoutMs;
    for (;;) {
      const entry = await this.openMenuWith(file, item, Math.max(1000, end - Date.now()));
      try {
        // The menu ignores a click that comes right after it opened: click until it closes.
        for (let click = 1; ; click++) {
          await this.page.waitForTimeout(250);
          await entry.click({ timeout: 5000 });
          try {
            await menu.waitFor({ state: 'detached', timeout: 1000 });
            return;
          } catch (err) {
            if (click === 5) throw err;
          }
        }
      } catch (err) {
        if (Date.now() > end) throw new Error(`"${item}" in ${file}'s context menu did not run: ${String(err)}`);
        await this.closeMenu();
      }
    }
  }

  /**
   * Waits until the workbench knows the extension's contributions (its context-menu `item` on
   * `file` shows). Until then a double-click opens a capture in the text editor, as VS Code does
   * for a file no custom editor claims.
   */
  async whenContributed(file: string, item: string, timeoutMs = 60000): Promise<void> {
    await this.openMenuWith(file, item, timeoutMs);
    await this.closeMenu();
  }

  /** Opens `file`'s context menu, again and again until it lists `item`; the entry, with the menu open. */
  private async openMenuWith(file: string, item: string, timeoutMs: number): Promise<Locator> {
    const row = this.explorerRow(file);
    await row.waitFor({ timeout: timeoutMs });
    const menu = this.page.locator('.monaco-menu');
    const end = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      await row.click({ button: 'right', timeout: 5000 });
      const entry = menu.getByText(item, { exact: true });
      try {
        await entry.waitFor({ timeout: 2000 });
        return entry;
      } catch (err) {
        if (Date.now() > end) throw new Error(`"${item}" never appeared in ${file}'s context menu (${attempt} tries): ${String(err)}`);
        await this.closeMenu();
      }
    }
  }

  /** Closes an open context menu: Escape, or failing that a click beside it (on the blocker it spreads over the page). */
  async closeMenu(): Promise<void> {
    const menu = this.page.locator('.monaco-menu');
    if ((await menu.count()) === 0) return;
    await this.page.keyboard.press('Escape');
    try {
      await menu.waitFor({ state: 'detached', timeout: 1000 });
    } catch {
      await this.page.mouse.click(1300, 850);
      await menu.waitFor({ state: 'detached', timeout: 5000 });
    }
  }

  async activeTabLabel(): Promise<string> {
    return (await this.page.locator('.tabs-container .tab.active .label-name').first().textContent()) ?? '';
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: path.join(SHOTS, file) });
  }

  /**
   * The window loses the focus and gets it back, as when the user looks at another window for a
   * moment. VS Code for the Web saves its UI state (the open editors, their webview states) then
   * and once a minute, not on a reload of the tab. Headless Chromium keeps every page focused, so
   * the loss is told to the workbench as it would see it: a blur while the document has no focus.
   */
  async loseFocus(): Promise<void> {
    await this.page.evaluate(async () => {
      // Focus first: VS Code's tracker ignores a blur of a window it already counts as left (focus
      // moved into a webview's iframe does that).
      window.dispatchEvent(new FocusEvent('focus'));
      // A bound function, not an arrow: tsx names arrows in object literals with a helper the page lacks.
      Object.defineProperty(document, 'hasFocus', { value: Boolean.bind(null, false), configurable: true });
      window.dispatchEvent(new FocusEvent('blur'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      delete (document as unknown as { hasFocus?: unknown }).hasFocus;
      window.dispatchEvent(new FocusEvent('focus'));
    });
  }

  /**
   * Whether the workbench's storage in the browser (IndexedDB: its UI state and the extensions'
   * mementos) holds `text` in some value. What VS Code for the Web has written there is what a
   * reload of the tab finds again.
   */
  async storageHolds(text: string): Promise<boolean> {
    // No named functions inside: tsx's esbuild would wrap them in a helper the page lacks.
    return this.page.evaluate(async (needle) => {
      for (const { name } of await indexedDB.databases()) {
        if (name === undefined) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        try {
          for (const store of Array.from(db.objectStoreNames)) {
            const values = await new Promise<unknown[]>((resolve, reject) => {
              const r = db.transaction(store, 'readonly').objectStore(store).getAll();
              r.onsuccess = () => resolve(r.result);
              r.onerror = () => reject(r.error);
            });
            if (values.some((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '').includes(needle))) return true;
          }
        } finally {
          db.close();
        }
      }
      return false;
    }, text);
  }
}

/** Polls `read` until `ok` holds of its value, and returns that value; the last one read is in the error. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${(JSON.stringify(v) ?? String(v)).slice(0, 600)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** it(), plus a screenshot of the workbench (FAILED-<name>.png) when the test fails. */
export function uiTest(name: string, workbench: () => Workbench | undefined, fn: () => Promise<void>): void {
  it(name, async () => {
    try {
      await fn();
    } catch (err) {
      const file = `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
      await workbench()?.screenshot(file).catch(() => {});
      throw err;
    }
  });
}
