/**
 * Helpers for the tests that load the extension from the repository root into a real VS Code
 * (test/vscode/vscodeHost.test.ts, test/ui/): the extension's bundles must be current, and
 * code-server must be installed.
 */

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** The webpack configurations the extension needs at run time (the CLI bundle it does not). */
const CONFIGS = ['extension', 'webview'];
const SOURCES = ['extension', 'webview', 'analyzer', 'webpack.config.js', 'tsconfig.json'];

/** dist/<entry>.js for every entry of the CONFIGS in webpack.config.js. */
function bundles(): string[] {
  const configs = require(path.join(repoRoot, 'webpack.config.js')) as { name?: string; entry?: unknown; output?: { path?: string } }[];
  const out: string[] = [];
  for (const c of configs) {
    if (!CONFIGS.includes(String(c.name)) || typeof c.entry !== 'object' || c.entry === null) continue;
    for (const name of Object.keys(c.entry)) out.push(path.join(c.output?.path ?? path.join(repoRoot, 'dist'), `${name}.js`));
  }
  if (out.length === 0) throw new Error(`webpack.config.js has no ${CONFIGS.join('/')} entries`);
  return out;
}

function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/**
 * Rebuilds the extension's bundles (webpack's extension and webview configurations, production,
 * as `npm run build` does) when one is missing or older than the sources. Under `npm test`, which
 * has just built them, this is a no-op.
 */
export function ensureExtensionBuilt(): void {
  // webpack leaves a bundle whose content did not change untouched (old mtime): a stamp records our last build.
  const stamp = path.join(repoRoot, '.vscode-test', 'bundles.stamp');
  const oldest = Math.min(...bundles().map((b) => fs.statSync(b, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  const built = oldest === 0 ? 0 : Math.max(oldest, fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  const sources = Math.max(...SOURCES.map((s) => newestMtime(path.join(repoRoot, s))));
  if (built > 0 && built >= sources) return;
  const started = new Date();
  const r = spawnSync(
    process.execPath,
    [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'production', ...CONFIGS.flatMap((c) => ['--config-name', c])],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`webpack (${CONFIGS.join(', ')}) failed with exit code ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, '');
  fs.utimesSync(stamp, started, started); // sources saved during the build count as newer
}

/** scripts/install-code-server.sh: a no-op when code-server is installed; skipped when CODE_SERVER_BIN is set. */
export function ensureCodeServer(): void {
  if (process.env.CODE_SERVER_BIN) return;
  const r = spawnSync(path.join(repoRoot, 'scripts', 'install-code-server.sh'), { cwd: repoRoot, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`scripts/install-code-server.sh failed with exit code ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
}
