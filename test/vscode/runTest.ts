/**
 * Runs the extension's tests (test/vscode/suite/*.vscode.ts) inside a real VS Code through
 * @vscode/test-electron's `runTests()`:
 *
 *   node --import tsx test/vscode/runTest.ts      (or: npx tsc -p test/vscode && node out/test/vscode/runTest.js)
 *
 * It first compiles the suite with `tsc -p test/vscode` into a fresh out/test/vscode/run-XXXXXX/
 * (removed afterwards), and needs the extension built (`npm run build` → dist/).
 *
 * VSCODE_TEST_HOST picks the VS Code:
 *   electron     download VS Code desktop into .vscode-test/ (test-electron's usual route; on a
 *                headless Linux box run under `xvfb-run -a`);
 *   code-server  code-server's Node extension host, driven by headless Chromium through
 *                scripts/code-server-as-vscode.js (installs code-server into .vscode-test/ first
 *                when missing, from the npm registry);
 *   unset        electron when update.code.visualstudio.com resolves, code-server otherwise.
 * VSCODE_TEST_VERSION: the desktop version for electron (default: stable).
 * VSCODE_TEST_GREP: only the mocha tests matching this pattern.
 */

import { spawnSync } from 'child_process';
import { lookup } from 'dns/promises';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

type Host = 'electron' | 'code-server';

/** The repository root: the nearest directory above this file with a package.json (works from test/ and out/). */
function findRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'vscode', 'tsconfig.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${__dirname}`);
  }
}

async function pickHost(): Promise<Host> {
  const v = process.env.VSCODE_TEST_HOST;
  if (v === 'electron' || v === 'code-server') return v;
  if (v) throw new Error(`VSCODE_TEST_HOST must be electron or code-server, not ${JSON.stringify(v)}`);
  try {
    await lookup('update.code.visualstudio.com');
    return 'electron';
  } catch {
    return 'code-server';
  }
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
}

async function main(): Promise<number> {
  const root = findRoot();
  const host = await pickHost();
  console.log(`[runTest] running the extension tests in: ${host}`);

  for (const f of ['dist/extension.js', 'dist/webview.js']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }

  // Compile the suite afresh for this run, into its own dir under out/ (inside the repository, so
  // the tests resolve `mocha` from node_modules): no stale tests, no clash with a parallel run.
  fs.mkdirSync(path.join(root, 'out', 'test', 'vscode'), { recursive: true });
  const outDir = fs.mkdtempSync(path.join(root, 'out', 'test', 'vscode', 'run-'));
  try {
    run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'test', 'vscode'), '--outDir', outDir], root);
    return await runIn(root, host, outDir);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

async function runIn(root: string, host: Host, outDir: string): Promise<number> {
  const launchArgs = [path.join(root, 'samples'), '--disable-extensions'];
  let vscodeExecutablePath: string | undefined;
  let profile: string | undefined;
  if (host === 'code-server') {
    if (!process.env.CODE_SERVER_BIN) run(path.join(root, 'scripts', 'install-code-server.sh'), [], root); // no-op when installed
    vscodeExecutablePath = path.join(root, 'scripts', 'code-server-as-vscode.js');
    // A fresh profile per run: no editors restored from an earlier run, no clash with a parallel one.
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'winsock-replay-vscode-profile-'));
    launchArgs.push(`--user-data-dir=${path.join(profile, 'user-data')}`, `--extensions-dir=${path.join(profile, 'extensions')}`);
  }

  try {
    await runTests({
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : { version: process.env.VSCODE_TEST_VERSION ?? 'stable' }),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outDir, 'suite', 'index.js'),
      launchArgs,
      extensionTestsEnv: { VSCODE_TEST_GREP: process.env.VSCODE_TEST_GREP ?? '' },
    });
    return 0;
  } catch (err) {
    console.error(`[runTest] the extension tests failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[runTest] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
