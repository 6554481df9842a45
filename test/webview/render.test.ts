/**
 * The webview bundle in a real browser (Chromium through playwright-core): the page is the one
 * extension/webviewHtml.ts builds, CSP included, with the bundle freshly built from
 * webpack.config.js and a stub `acquireVsCodeApi`. Untrusted strings from the capture must show
 * as text and never become markup.
 *
 * Needs `/usr/bin/chromium` (Debian package `chromium`, which .ci/run installs) and the
 * `playwright-core` package; without them this fails rather than skips.
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWebviewHtml } from '../../extension/webviewHtml';
import type { CaptureInfoView, FromWebview, ToWebview } from '../../webview/protocol';
import { build } from '../extension/webpackBuild';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ORIGIN = 'http://webview.test';

const EVIL = '<img src=x onerror="window.__pwned=1">';

const info: CaptureInfoView = {
  format: 'pcapng',
  bytes: 123456,
  packets: 42,
  duplicates: 3,
  firstTime: '1714564800.123456789',
  lastTime: '1714564801.000000001',
  firstTimeUtc: '2024-05-01T12:00:00.123456789Z',
  lastTimeUtc: '2024-05-01T12:00:01.000000001Z',
  duration: '0.876543212',
  stopped: false,
  sections: [
    {
      index: 0,
      offset: 0,
      format: 'pcapng',
      byteOrder: 'little',
      version: '1.0',
      userAppl: `pktmon ${EVIL}`,
      comments: [`section comment ${EVIL}`],
    },
  ],
  interfaces: [
    {
      index: 0,
      section: 0,
      localId: 0,
      linkType: 1,
      linkTypeName: 'ETHERNET',
      snapLen: 262144,
      packets: 40,
      resolution: 'µs (10^-6 s)',
      tsOffsetSec: 0,
      name: `eth0 ${EVIL}`,
      description: `<script>window.__pwned=2</script>`,
      addresses: ['192.0.2.1/255.255.255.0'],
      comments: [`interface comment ${EVIL}`],
    },
    {
      index: 1,
      section: 0,
      localId: 1,
      linkType: 147,
      snapLen: 65535,
      packets: 2,
      resolution: 'ns (10^-9 s)',
      tsOffsetSec: 0,
      addresses: [],
      comments: [],
    },
  ],
  warnings: [{ severity: 'warning', code: 'truncated-record', message: `bad ${EVIL}`, offset: 4096, packet: 7 }],
  blockCounts: { shb: 1, idb: 2, epb: 42 },
};

const FILE = `/captures/${EVIL}.pcapng`;

const STUB_VSCODE_API = `
  window.__posted = [];
  let acquired = false;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: function (m) { window.__posted.push(m); },
      getState: function () { return undefined; },
      setState: function () {},
    };
  };
  document.addEventListener('securitypolicyviolation', function (e) {
    window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI);
  });
`;

describe('webview in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let outDir: string;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    assert.ok(
      fs.existsSync(CHROMIUM),
      `${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
    let chromium: typeof import('playwright-core').chromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch {
      assert.fail('playwright-core is not installed (npm install playwright-core)');
    }
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winsock-replay-webview-'));
    await build(outDir, 'production', ['webview']);
    const bundle = fs.readFileSync(path.join(outDir, 'webview.js'), 'utf8');

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    // Nothing leaves the browser: the page and the bundle are served from memory, all else fails.
    const html = buildWebviewHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/webview.js` });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/index.html`) return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
      if (url === `${ORIGIN}/dist/webview.js`) return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: bundle });
      return route.abort();
    });
    await page.exposeFunction('__cspViolation', (v: string) => cspViolations.push(v));
    // Stands in for VS Code: init scripts run before the page's own, outside its CSP. (A string,
    // not a function: tsx would wrap named functions in a `__name` helper the page lacks.)
    await page.addInitScript({ content: STUB_VSCODE_API });
    await page.goto(`${ORIGIN}/index.html`);
  });

  after(async () => {
    await browser?.close();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  async function posted(): Promise<FromWebview[]> {
    return page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted);
  }

  async function send(message: ToWebview): Promise<void> {
    await page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  it('loads under its CSP and says ready', async () => {
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    assert.deepEqual(await posted(), [{ type: 'ready' }]);
  });

  it('shows progress with a Cancel button that posts cancel', async () => {
    await send({ type: 'progress', bytesRead: 512, totalBytes: 2048 });
    const status = page.getByRole('status');
    await status.waitFor();
    assert.match((await status.textContent()) ?? '', /25%/);
    await send({ type: 'progress', bytesRead: 1024, totalBytes: 2048 });
    await page.waitForFunction(() => document.querySelector('[role=status]')?.textContent?.includes('50%'));
    assert.equal(await page.locator('[role=status]').count(), 1, 'progress is updated in place');
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(await posted(), [{ type: 'ready' }, { type: 'cancel' }]);
  });

  it('renders untrusted capture strings as text, never as markup', async () => {
    await send({ type: 'captureInfo', file: FILE, info });
    await page.locator('article.capture-info').waitFor();

    const text = (await page.locator('#app').textContent()) ?? '';
    for (const expected of [FILE, `section comment ${EVIL}`, `interface comment ${EVIL}`, `eth0 ${EVIL}`, `pktmon ${EVIL}`, `bad ${EVIL}`, '<script>window.__pwned=2</script>']) {
      assert.ok(text.includes(expected), `missing as text: ${expected}`);
    }
    assert.equal(await page.locator('img').count(), 0, 'an <img> element was created');
    assert.equal(await page.locator('#app script').count(), 0, 'a <script> element was created');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('h1').textContent(), `${EVIL}.pcapng`);
  });

  it('shows format, packet count, times and the interfaces table with headers', async () => {
    const text = (await page.locator('#app').textContent()) ?? '';
    for (const expected of ['pcapng', '42', '2024-05-01T12:00:00.123456789Z', '1714564801.000000001', 'truncated-record', 'packet 7', '3 pktmon duplicate copies']) {
      assert.ok(text.includes(expected), `missing: ${expected}`);
    }
    const table = page.getByRole('table');
    assert.equal(await table.count(), 1);
    const headers = await table.locator('thead th[scope=col]').allTextContents();
    assert.deepEqual(headers, ['#', 'Name', 'Link type', 'Resolution', 'Snap length', 'Packets', 'Details']);
    const rows = table.locator('tbody tr');
    assert.equal(await rows.count(), 2);
    const first = await rows.nth(0).locator('th, td').allTextContents();
    assert.equal(first[0], '0');
    assert.equal(first[2], 'ETHERNET (1)');
    assert.equal(first[3], 'µs (10^-6 s)');
    assert.equal(first[4], '262,144');
    assert.equal(first[5], '40');
    const second = await rows.nth(1).locator('th, td').allTextContents();
    assert.equal(second[2], '147');
    assert.equal(second[3], 'ns (10^-9 s)');
    assert.equal(await page.locator('tbody th[scope=row]').count(), 2);
  });

  it('uses the VS Code theme variables', async () => {
    await page.evaluate(() => document.documentElement.style.setProperty('--vscode-foreground', 'rgb(1, 2, 3)'));
    const color = await page.evaluate(() => getComputedStyle(document.body).color);
    assert.equal(color, 'rgb(1, 2, 3)', 'the nonce-carrying stylesheet did not apply');
  });

  it('shows an error as an alert', async () => {
    await send({ type: 'error', message: `Could not read ${EVIL}` });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.ok(((await alert.textContent()) ?? '').includes(`Could not read ${EVIL}`));
    assert.equal(await page.locator('img').count(), 0);
  });

  it('ignores messages that are not part of the protocol', async () => {
    await page.evaluate(() => {
      window.postMessage({ type: 'captureInfo', file: 1 }, '*');
      window.postMessage('<img src=x>', '*');
      window.postMessage({ type: 'nope' }, '*');
    });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
    assert.equal(await page.getByRole('alert').count(), 1, 'the error view stays');
  });

  it('raised no CSP violation and no page error', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});
