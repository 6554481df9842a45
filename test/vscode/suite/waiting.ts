/**
 * What the extension-host suites share: the workspace's samples, and polling for what reaches the
 * extension host asynchronously (tab state, diagnostics, an editor's analysis). Not a
 * `*.vscode.ts` file: suite/index.ts loads only those as tests.
 */

import * as assert from 'assert';
import * as vscode from 'vscode';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 100 ms until it gives something; fails naming `what` (and `detail()`, when given) after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000, detail?: () => string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}${detail === undefined ? '' : `; ${detail()}`}`);
    await sleep(100);
  }
}

/** The workspace folder the suites run with: samples/. */
export function samples(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder: the tests expect samples/ to be open');
  return folder.uri;
}

export const sample = (name: string): vscode.Uri => vscode.Uri.joinPath(samples(), name);
