/**
 * A capture whose every free text is markup, opened in code-server's real VS Code workbench: its
 * file name, section comment and writing application, interface name, description and comment,
 * packet comments and the TCP payload carry `<img onerror>` and `<script>`. The capture editor
 * and the capture summary show what they show of it as text: no element is made from it, no
 * script of it runs. The capture is written here with the test's own pcapng writer and read by
 * the extension's real reader.
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { ipv4TcpFrame, PcapngWriter } from '../helpers/captureBuilder';
import { uiTest, Workbench } from './workbench';

const EVIL = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';
/** A name the explorer can show (no slash), markup all the same. */
const NAME = `${EVIL}.pcapng`;

/** SHB comment (1), shb_userappl (4); IDB if_name (2), if_description (3), comment; EPB comment. */
function evilCapture(): Uint8Array {
  const w = new PcapngWriter()
    .shb({ options: [{ code: 1, value: `section ${EVIL}` }, { code: 4, value: `writer ${SCRIPT}` }] })
    .idb(1, { options: [{ code: 2, value: `eth0 ${EVIL}` }, { code: 3, value: `nic ${SCRIPT}` }, { code: 1, value: `interface ${EVIL}` }] });
  const c = { src: '10.0.0.5', dst: '10.0.0.9', sport: 50412, dport: 80 };
  const s = { src: c.dst, dst: c.src, sport: c.dport, dport: c.sport };
  const payload = new TextEncoder().encode(`GET /${SCRIPT} HTTP/1.1\r\nHost: ${EVIL}\r\n\r\n`);
  const frames = [
    ipv4TcpFrame({ ...c, seq: 1000, flags: 'S', ethernet: true, ttl: 128 }),
    ipv4TcpFrame({ ...s, seq: 5000, ack: 1001, flags: 'SA', ethernet: true, ttl: 64 }),
    ipv4TcpFrame({ ...c, seq: 1001, ack: 5001, flags: 'A', ethernet: true, ttl: 128 }),
    ipv4TcpFrame({ ...c, seq: 1001, ack: 5001, flags: 'PA', payload, ethernet: true, ttl: 128 }),
    ipv4TcpFrame({ ...s, seq: 5001, ack: 1001 + payload.length, flags: 'RA', ethernet: true, ttl: 64 }),
  ];
  frames.forEach((f, i) => w.epb(0, 0, 1_000_000 * (i + 1), f, { options: [{ code: 1, value: `packet ${i + 1} ${EVIL}` }] }));
  return w.bytes();
}

let wb: Workbench | undefined;
let folder = '';
const bench = (): Workbench => wb!;

/** Nothing in the page came from the capture's markup: no image, no script of its own, no flag set. */
async function assertInert(view: FrameLocator, where: string): Promise<void> {
  assert.equal(await view.locator('img').count(), 0, `${where}: an <img> element was made`);
  assert.equal(await view.locator('body script:not([nonce])').count(), 0, `${where}: a <script> element was made`);
  const pwned = await view.locator('body').evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
  assert.equal(pwned, undefined, `${where}: the capture's script ran`);
}

describe('untrusted text from a capture in the VS Code workbench (code-server + Chromium)', { timeout: 240000 }, () => {
  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'winsock-replay-untrusted-'));
    fs.writeFileSync(path.join(folder, NAME), evilCapture());
    wb = await Workbench.open(folder, NAME);
    await bench().whenContributed(NAME, 'Show Capture Summary');
  });

  after(async () => {
    if (wb) await wb.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  uiTest('the capture editor shows the file name and interface as text, and makes nothing of them', () => wb, async () => {
    await bench().explorerRow(NAME).dblclick();
    const view = bench().webview();
    await view.getByRole('grid', { name: 'Sockets' }).getByRole('row').nth(1).waitFor({ timeout: 60000 });
    await view.getByRole('progressbar', { name: 'Reading the capture' }).waitFor({ state: 'detached', timeout: 60000 });
    assert.equal(await view.locator('h1').textContent(), NAME);
    const text = (await view.locator('body').textContent()) ?? '';
    assert.ok(text.includes(`eth0 ${EVIL}`), 'the interface name is shown as text');
    // The client socket's story is there: the capture was read, not refused.
    assert.match(text, /FD_CLOSE\(WSAECONNRESET|FD_CLOSE\(WSAECONNABORTED/);
    await assertInert(view, 'capture editor');
  });

  uiTest('the capture summary shows every comment and name as text', () => wb, async () => {
    await bench().explorerContextMenu(NAME, 'Show Capture Summary');
    const view = bench().webview();
    await view.locator('article.capture-info').waitFor({ timeout: 60000 });
    const text = (await view.locator('body').textContent()) ?? '';
    for (const expected of [`section ${EVIL}`, `writer ${SCRIPT}`, `eth0 ${EVIL}`, `nic ${SCRIPT}`, `interface ${EVIL}`]) {
      assert.ok(text.includes(expected), `missing as text: ${expected}`);
    }
    await assertInert(view, 'capture summary');
  });
});
