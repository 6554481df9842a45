#!/usr/bin/env node
// Starts code-server (a real VS Code in the browser) with this extension loaded as a development
// extension and samples/ open, and prints the URL to open; Ctrl+C stops it. Build first
// (`npm run build`): the extension runs from dist/.
//
//   node scripts/demo-editor.js [--port N] [--check]
//
// --port N   listen on 127.0.0.1:N (default: a free port). Webviews need a secure context, so
//            open it as http://127.0.0.1:N or http://localhost:N (forward the port over ssh
//            from another machine: ssh -L N:127.0.0.1:N host).
// --check    open the URL in headless Chromium, wait for the workbench, save a screenshot
//            to .vscode-test/shots/demo-editor.png and exit (a smoke test of this script).
// The profile (settings, open editors) is kept in .vscode-test/demo/ between runs.
'use strict';
const fs = require('fs');
const path = require('path');
const { startCodeServer, launchChromium, ensureCodeServer, REPO } = require('./code-server-harness');

function parseArgs(argv) {
  const o = { port: 0, check: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') o.port = Number(argv[++i]);
    else if (argv[i].startsWith('--port=')) o.port = Number(argv[i].slice(7));
    else if (argv[i] === '--check') o.check = true;
    else throw new Error(`unknown argument ${argv[i]} (usage: demo-editor.js [--port N] [--check])`);
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error('--port wants a port number');
  return o;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  ensureCodeServer();
  const profile = path.join(REPO, '.vscode-test', 'demo');
  const server = await startCodeServer({
    userDataDir: path.join(profile, 'user-data'),
    extensionsDir: path.join(profile, 'extensions'),
    port: args.port || undefined,
  });
  const url = server.workbenchUrl({
    folder: path.join(REPO, 'samples'),
    payload: [['extensionDevelopmentPath', server.remoteUri(REPO)], ['skipWelcome', 'true']],
  });

  if (args.check) {
    let browser;
    try {
      browser = await launchChromium();
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      await page.goto(url);
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
      await page.waitForTimeout(2000);
      const shots = path.join(REPO, '.vscode-test', 'shots');
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, 'demo-editor.png') });
      console.log(`demo editor OK: ${url}\nscreenshot: ${path.join(shots, 'demo-editor.png')}`);
    } finally {
      if (browser) await browser.close().catch(() => {});
      await server.stop();
    }
    return;
  }

  console.log(`\nWinsock Replay in VS Code (code-server), samples/ open:\n\n  ${url}\n`);
  console.log(`code-server's log: ${server.logFile}\nCtrl+C to stop.`);
  const stop = () => server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  setInterval(() => {}, 1 << 30); // stay alive until a signal
}

main().catch((e) => {
  console.error(`demo-editor: ${(e && e.message) || e}`);
  process.exit(1);
});
