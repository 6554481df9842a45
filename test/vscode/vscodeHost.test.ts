/**
 * The extension's mocha suite (test/vscode/suite/*.vscode.ts) in a real VS Code extension host,
 * as part of `npm test`: runs test/vscode/runTest.ts with VSCODE_TEST_HOST=code-server (the
 * route that works offline; `VSCODE_TEST_HOST=electron node --import tsx test/vscode/runTest.ts`
 * is the desktop route on a machine that can download VS Code) and checks that the run passed
 * with mocha reporting some passing tests and none failing.
 *
 * Needs code-server (installed into .vscode-test/ on first use by scripts/install-code-server.sh,
 * about a minute) and /usr/bin/chromium (or CHROME_PATH).
 */

import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import { ensureCodeServer, ensureExtensionBuilt, repoRoot } from './ensureBuilt';

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

const RUN_TIMEOUT_MS = 5 * 60 * 1000;

function runVscodeTests(): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test', 'vscode', 'runTest.ts')], {
      cwd: repoRoot,
      env: { ...process.env, VSCODE_TEST_HOST: 'code-server', VSCODE_TEST_TIMEOUT_MS: String(RUN_TIMEOUT_MS - 30000) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** The counts from mocha's spec reporter summary ("  5 passing (1s)", "  1 failing"). */
function mochaCounts(output: string): { passing: number | undefined; failing: number; pending: number } {
  const count = (word: string) => {
    const m = new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm').exec(output);
    return m ? Number(m[1]) : undefined;
  };
  return { passing: count('passing'), failing: count('failing') ?? 0, pending: count('pending') ?? 0 };
}

describe('the extension in a real VS Code extension host (code-server)', { timeout: RUN_TIMEOUT_MS + 120000 }, () => {
  before(() => {
    ensureExtensionBuilt();
    ensureCodeServer();
  });

  it('runs test/vscode/suite under mocha: all passing, none failing', async () => {
    const run = await runVscodeTests();
    const counts = mochaCounts(run.output);
    const report = `\n----- VS Code test run output -----\n${run.output}\n-----------------------------------`;
    assert.equal(run.code, 0, `the run exited with ${run.code ?? run.signal}${report}`);
    assert.ok(counts.passing !== undefined, `mocha printed no "N passing" line${report}`);
    assert.ok(counts.passing > 0, `mocha ran no tests${report}`);
    assert.equal(counts.failing, 0, `mocha reported ${counts.failing} failing${report}`);
  });
});
