#!/usr/bin/env node
// Stand-in for the VS Code executable, for @vscode/test-electron's `runTests({ vscodeExecutablePath })`
// (and @vscode/test-cli's `useInstallation.fromPath`) where no VS Code desktop build can be downloaded.
//
// Takes the command line test-electron gives VS Code:
//   [folder|file.code-workspace] --extensionDevelopmentPath=DIR... --extensionTestsPath=FILE
//   [--user-data-dir=DIR] [--extensions-dir=DIR]        (desktop-only flags are ignored)
// starts code-server on 127.0.0.1, opens its workbench in headless Chromium with a `payload` that
// makes the workbench run the tests in the server's real Node extension host (the mechanism VS
// Code's own browser integration tests use), prints the tests' output and exits with their code.
//
// Env: CODE_SERVER_BIN, CHROME_PATH (see code-server-harness.js); VSCODE_TEST_TIMEOUT_MS (overall
// limit, default 600000); VSCODE_TEST_SCREENSHOT=file.png (the workbench when the run ends).
'use strict';
const path = require('path');
const util = require('util');
const { startCodeServer, launchChromium } = require('./code-server-harness');

const TAG = '[code-server-as-vscode]';

function parseArgs(argv) {
  const o = { dev: [], tests: undefined, userDataDir: undefined, extensionsDir: undefined, paths: [] };
  const valued = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir'];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) { o.paths.push(argv[i]); continue; }
    const [, key, inline] = m;
    const value = inline !== undefined ? inline : (valued.includes(key) ? argv[++i] : undefined);
    if (key === 'extensionDevelopmentPath') o.dev.push(path.resolve(value));
    else if (key === 'extensionTestsPath') o.tests = path.resolve(value);
    else if (key === 'user-data-dir') o.userDataDir = path.resolve(value);
    else if (key === 'extensions-dir') o.extensionsDir = path.resolve(value);
  }
  return o;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.tests || args.dev.length === 0) {
    console.error('usage: code-server-as-vscode.js [folder] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE');
    return 2;
  }
  const timeoutMs = Number(process.env.VSCODE_TEST_TIMEOUT_MS || 600000);
  const server = await startCodeServer({ userDataDir: args.userDataDir, extensionsDir: args.extensionsDir });
  let browser;
  let code = 1;
  const onSignal = sig => {
    (browser ? browser.close() : Promise.resolve()).catch(() => {})
      .then(() => server.stop())
      .then(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const target = args.paths[0];
    const isWorkspace = target !== undefined && target.endsWith('.code-workspace');
    const url = server.workbenchUrl({
      folder: target && !isWorkspace ? target : undefined,
      workspace: isWorkspace ? target : undefined,
      payload: [
        ...args.dev.map(d => ['extensionDevelopmentPath', server.remoteUri(d)]),
        ['extensionTestsPath', server.remoteUri(args.tests)],
        ['skipWelcome', 'true'],
        ['skipReleaseNotes', 'true'],
      ],
    });
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    let resolveExit;
    const exited = new Promise(r => { resolveExit = r; });
    let hostDropped = false;
    // The workbench forwards the extension host's console (mocha's reporter) here ...
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const line = util.format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      // The web workbench reports a dead remote extension host as exit code 0: remember it.
      if (/\[ExtensionHost\].*socket close event|Extension host .*terminated unexpectedly/.test(line)) hostDropped = true;
      (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
    });
    // ... and calls this with the exit code once the tests' run() has settled.
    await page.exposeFunction('codeAutomationExit', exitCode => resolveExit(Number(exitCode)));
    page.on('pageerror', e => process.stderr.write(`[workbench] ${e.message}\n`));
    await page.goto(url);
    let timer;
    const result = await Promise.race([exited, new Promise(r => { timer = setTimeout(() => r('timeout'), timeoutMs); })]);
    clearTimeout(timer);
    if (process.env.VSCODE_TEST_SCREENSHOT) {
      await page.screenshot({ path: process.env.VSCODE_TEST_SCREENSHOT }).catch(() => {});
    }
    if (result === 'timeout') console.error(`${TAG} the tests did not finish within ${timeoutMs} ms`);
    else code = result;
    // code-server's log has the extension host's real exit status, e.g. after a test called process.exit(7).
    const m = /Extension Host Process exited with code: (\d+)/.exec(await server.readLog());
    if (code === 0 && m && m[1] !== '0') {
      console.error(`${TAG} the extension host exited with code ${m[1]} before the tests finished`);
      code = Number(m[1]);
    } else if (code === 0 && hostDropped) {
      console.error(`${TAG} the extension host connection dropped before the tests finished`);
      code = 1;
    }
  } catch (e) {
    console.error(`${TAG} ${(e && e.stack) || e}`);
    code = 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.stop({ keep: code !== 0 });
    if (code !== 0) console.error(`${TAG} code-server's log kept in ${server.logFile}`);
  }
  return code;
}

main().then(code => process.exit(code), e => { console.error(`${TAG} ${(e && e.stack) || e}`); process.exit(1); });
