/**
 * bin/winsock-replay.js, the package's `bin`: it needs dist/cli.js, passes the exit status on,
 * and stays quiet when the reader of its output goes away (`… | head`). Each case runs a copy of
 * the launcher next to a stand-in dist/cli.js, so nothing here depends on the real CLI.
 */

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { repoRoot } from './webpackBuild';

const LAUNCHER = path.join(repoRoot, 'bin', 'winsock-replay.js');
const dirs: string[] = [];

/** A package layout with the launcher in bin/ and, when given, `cliSource` as dist/cli.js. */
function layout(cliSource?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winsock-replay-bin-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.copyFileSync(LAUNCHER, path.join(dir, 'bin', 'winsock-replay.js'));
  if (cliSource !== undefined) {
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'cli.js'), cliSource);
  }
  return path.join(dir, 'bin', 'winsock-replay.js');
}

after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('bin/winsock-replay.js', () => {
  it('is an executable node script', () => {
    const text = fs.readFileSync(LAUNCHER, 'utf8');
    assert.ok(text.startsWith('#!/usr/bin/env node\n'));
    if (process.platform !== 'win32') assert.ok((fs.statSync(LAUNCHER).mode & 0o111) !== 0, 'not executable');
  });

  it('asks for a build when dist/cli.js is missing, exit 2', () => {
    const r = spawnSync(process.execPath, [layout(), 'info', 'x.pcap'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /run `npm run build` first/);
  });

  it('passes argv, output and the exit status through', () => {
    const bin = layout(`exports.main = async (argv, out, err) => { out('args ' + JSON.stringify(argv) + '\\n'); err('note\\n'); return 3; };`);
    const r = spawnSync(process.execPath, [bin, 'info', '--json', 'a b.pcap'], { encoding: 'utf8' });
    assert.equal(r.status, 3);
    assert.equal(r.stdout, 'args ["info","--json","a b.pcap"]\n');
    assert.equal(r.stderr, 'note\n');
  });

  it('reports a crash of the CLI on stderr with exit 1', () => {
    const bin = layout(`exports.main = async () => { throw new Error('boom'); };`);
    const r = spawnSync(process.execPath, [bin], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /boom/);
  });

  it('stops quietly on EPIPE (`| head`)', { skip: process.platform === 'win32' }, () => {
    // Far more output than a pipe buffers, written with the launcher's drain hook.
    const bin = layout(`exports.main = async (argv, out, err, drain) => {
      for (let i = 0; i < 200000; i++) { out('line ' + i + ' ' + 'x'.repeat(60) + '\\n'); if (i % 100 === 0) await drain(); }
      return 0;
    };`);
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${bin}" | head -n 2; echo "status=$?"`], { encoding: 'utf8' });
    assert.equal(r.stderr, '', 'no EPIPE noise on stderr');
    assert.match(r.stdout, /^line 0 x+\nline 1 x+\n/);
    const r2 = spawnSync('/bin/bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" | head -n 1 >/dev/null`], { encoding: 'utf8' });
    assert.equal(r2.stderr, '');
    assert.equal(r2.status, 0, 'the launcher exits 0 when its reader leaves');
  });
});
