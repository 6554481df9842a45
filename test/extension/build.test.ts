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
import { spawnSync } from 'node:child_process';
import { build, configNames, type BuildResult } from './webpackBuild';
import { analyzeCommand } from '../../analyzer/cli/analyzeCommand';
import { parseArgs } from '../../analyzer/cli/args';
import { BOOLEAN_FLAGS } from '../../analyzer/cli/main';
import { WORKER_MIN_BYTES } from '../../analyzer/io/replayCaptureFile';
import { ipv4TcpFrame, pcapFile, type PcapPacket } from '../helpers/captureBuilder';

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

  it('runs the connections worker from the CLI bundle: a large capture analyzes as on one thread', async () => {
    // The worker loads the bundle itself (its __filename), so only a built CLI shows that it can.
    const file = path.join(dir, 'many-connections.pcap');
    const made = manyConnections(WORKER_MIN_BYTES);
    fs.writeFileSync(file, made.file);
    const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(dir, 'cli.js'))}).main(process.argv.slice(1), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((c) => { process.exitCode = c; })`,
      'analyze', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(r.status, 0, r.stderr);
    let inline = '';
    const code = await analyzeCommand(parseArgs(['analyze', file, '--json'], BOOLEAN_FLAGS), {
      out: (s) => { inline += s; }, err: () => undefined, drain: () => Promise.resolve(), outIsTTY: false, errIsTTY: false,
    }, { workerMinBytes: Infinity });
    assert.equal(code, 0);
    assert.equal(JSON.parse(r.stdout).sockets.length, made.connections);
    assert.equal(r.stdout, inline);
  });
});

/** A classic pcap of at least `bytes`: short client connections (handshake, 1400 bytes each way, FINs). */
function manyConnections(bytes: number): { file: Uint8Array; connections: number } {
  const packets: PcapPacket[] = [];
  const body = new Uint8Array(1400).fill(0x61);
  let size = 24;
  let i = 0;
  for (; size < bytes; i++) {
    const sport = 10000 + i;
    const t = 1_700_000_000 + i;
    // Two servers: 10.0.0.1, common to all connections, is taken as this host.
    const server = `10.0.${1 + (i % 2)}.2`;
    const c = { src: '10.0.0.1', dst: server, sport, dport: 80 };
    const s = { src: server, dst: '10.0.0.1', sport: 80, dport: sport };
    const frames = [
      ipv4TcpFrame({ ...c, seq: 1000, flags: 'S' }),
      ipv4TcpFrame({ ...s, seq: 5000, ack: 1001, flags: 'SA' }),
      ipv4TcpFrame({ ...c, seq: 1001, ack: 5001, flags: 'A' }),
      ipv4TcpFrame({ ...c, seq: 1001, ack: 5001, flags: 'PA', payload: body }),
      ipv4TcpFrame({ ...s, seq: 5001, ack: 2401, flags: 'PA', payload: body }),
      ipv4TcpFrame({ ...c, seq: 2401, ack: 6401, flags: 'FA' }),
      ipv4TcpFrame({ ...s, seq: 6401, ack: 2402, flags: 'FA' }),
      ipv4TcpFrame({ ...c, seq: 2402, ack: 6402, flags: 'A' }),
    ];
    frames.forEach((data, k) => {
      packets.push({ sec: t, frac: k * 1000, data });
      size += 16 + data.length;
    });
  }
  // One pcapFile per thousand packets, their records joined: the builder is for small files.
  const parts = [pcapFile({ packets: [] })];
  for (let k = 0; k < packets.length; k += 1000) parts.push(pcapFile({ packets: packets.slice(k, k + 1000) }).subarray(24));
  return { file: Buffer.concat(parts), connections: i };
}

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
