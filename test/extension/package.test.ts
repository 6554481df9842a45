/**
 * `npm run package`: the .vsix that @vscode/vsce makes from the webpack production build holds the
 * bundles, the parser's wasm, the scenario schema, the manifest, README and LICENSE, and nothing
 * of the sources, tests, samples or node_modules (the bundles carry what they use); and VS Code
 * (code-server's CLI, the same extension installer) installs it, with a bundle that loads on its
 * own from where it was installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureCodeServer, ensureExtensionBuilt, repoRoot } from '../vscode/ensureBuilt';

const CODE_SERVER = process.env.CODE_SERVER_BIN ?? join(repoRoot, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; publisher: string; version: string };

let dir = '';
let vsix = '';

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.error?.message ?? ''}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('npm run package', { timeout: 600_000 }, () => {
  before(() => {
    ensureExtensionBuilt();
    dir = mkdtempSync(join(tmpdir(), 'winsock-replay-vsix-'));
    vsix = join(dir, 'winsock-replay.vsix');
    // The script `npm run package` runs after its build.
    run('npm', ['run', '--silent', 'package:vsix', '--', '--out', vsix]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the production bundles and what the manifest points at, and nothing else', () => {
    const entries = run('unzip', ['-Z1', vsix]).split('\n').filter((l) => l.startsWith('extension/') && !l.endsWith('/')).map((l) => l.slice('extension/'.length)).sort();
    for (const f of ['package.json', 'readme.md', 'LICENSE.txt', 'dist/extension.js', 'dist/analysisWorker.js', 'dist/editor.js', 'dist/webview.js',
      'dist/wasm/tree-sitter.wasm', 'dist/wasm/tree-sitter-c.wasm', 'dist/wasm/tree-sitter-cpp.wasm', 'schemas/scenario.schema.json']) {
      assert.ok(entries.includes(f), `${f} is missing from the .vsix: ${entries.join(', ')}`);
    }
    const stray = entries.filter((f) => /^(analyzer|extension|webview|test|samples|scripts|docs|node_modules|out|\.vscode-test)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts') || f === 'dist/cli.js');
    assert.deepEqual(stray, []);
  });

  it('installs into VS Code, and the installed bundle loads without the repository', () => {
    ensureCodeServer();
    const extensions = join(dir, 'extensions');
    run(CODE_SERVER, ['--extensions-dir', extensions, '--install-extension', vsix]);
    const listed = run(CODE_SERVER, ['--extensions-dir', extensions, '--list-extensions', '--show-versions']);
    const id = `${manifest.publisher}.${manifest.name}`;
    assert.ok(listed.split('\n').includes(`${id}@${manifest.version}`), listed);
    const installed = join(extensions, `${id}-${manifest.version}`);
    assert.ok(existsSync(join(installed, 'dist', 'wasm', 'tree-sitter-c.wasm')));
    // Evaluated in a child from the installed folder with a stub `vscode`: no module from the repository is reachable there.
    const probe = `const M = require('module'); const load = M._load; M._load = function (id, ...rest) { return id === 'vscode' ? {} : load.call(this, id, ...rest); };
      const ext = require(${JSON.stringify(join(installed, 'dist', 'extension.js'))});
      process.stdout.write(typeof ext.activate + ' ' + typeof ext.deactivate);`;
    const r = spawnSync(process.execPath, ['-e', probe], { cwd: installed, encoding: 'utf8' });
    assert.equal(r.stdout, 'function function', r.stderr);
  });
});
