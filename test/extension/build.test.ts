/**
 * The production build: three bundles, `vscode` left external in the extension, no eval in the
 * webview (its CSP forbids it), and a CLI bundle that bin/winsock-replay.js can require.
 */

import { strict as assert } from 'assert';
import { builtinModules } from 'module';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { build, configNames, type BuildResult } from './webpackBuild';

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every `require("x")` literal in a bundle. */
function requiredModules(code: string): string[] {
  return [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
}

function assertNoEval(file: string): void {
  const code = fs.readFileSync(file, 'utf8');
  assert.ok(!/\beval\s*\(/.test(code), `${path.basename(file)} contains eval(`);
  assert.ok(!/\bnew\s+Function\b/.test(code), `${path.basename(file)} contains new Function`);
}

describe('webpack.config.js', () => {
  it('exports the three configurations', () => {
    assert.deepEqual(configNames().sort(), ['cli', 'extension', 'webview']);
  });
});

describe('production build', () => {
  let dir: string;
  let result: BuildResult;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winsock-replay-build-'));
    result = await build(dir, 'production');
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('emits the three bundles with source maps', () => {
    for (const name of ['extension.js', 'webview.js', 'cli.js']) {
      const file = path.join(dir, name);
      assert.ok(fs.statSync(file).size > 0, `${name} is empty`);
      assert.ok(fs.existsSync(`${file}.map`), `${name}.map missing`);
    }
  });

  it('keeps vscode external in the extension bundle', () => {
    const code = fs.readFileSync(path.join(dir, 'extension.js'), 'utf8');
    const required = requiredModules(code);
    assert.ok(required.includes('vscode'), 'extension.js does not require("vscode")');
    const others = required.filter((m) => m !== 'vscode' && !NODE_BUILTINS.has(m));
    assert.deepEqual(others, [], 'extension.js requires modules that are neither vscode nor Node built-ins');

    const json = result.stats.toJson({ all: false, children: true, modules: true });
    const extension = json.children?.find((c) => c.name === 'extension');
    assert.ok(extension, 'no stats for the extension compilation');
    const vscodeModules = (extension.modules ?? []).filter((m) => m.name?.includes('vscode'));
    assert.deepEqual(
      vscodeModules.map((m) => m.name),
      ['external "vscode"'],
      'vscode must appear only as an external module',
    );
  });

  it('exports activate and deactivate from the extension bundle', () => {
    const code = fs.readFileSync(path.join(dir, 'extension.js'), 'utf8');
    // Evaluate with a stub `vscode`: the bundle must be a commonjs2 module exporting the hooks.
    const mod = { exports: {} as Record<string, unknown> };
    const fakeRequire = (id: string): unknown => (id === 'vscode' ? {} : require(id));
    new Function('module', 'exports', 'require', '__filename', '__dirname', code)(mod, mod.exports, fakeRequire, path.join(dir, 'extension.js'), dir);
    assert.equal(typeof mod.exports.activate, 'function');
    assert.equal(typeof mod.exports.deactivate, 'function');
  });

  it('has no eval or new Function in the webview bundle', () => {
    assertNoEval(path.join(dir, 'webview.js'));
  });

  it('makes require(dist/cli.js).main callable', () => {
    const cli = require(path.join(dir, 'cli.js')) as { main?: unknown };
    assert.equal(typeof cli.main, 'function');
  });
});

describe('development build of the webview', () => {
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winsock-replay-build-dev-'));
    await build(dir, 'development', ['webview']);
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has no eval either (devtool is never an eval-* variant)', () => {
    assertNoEval(path.join(dir, 'webview.js'));
  });
});
