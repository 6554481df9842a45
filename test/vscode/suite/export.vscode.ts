/**
 * "Export Annotated pcapng" in a real VS Code extension host: from a capture open in the editor,
 * the command writes the same file, byte for byte, as `winsock-replay annotate` with the same
 * options (the built CLI, run as a child process, is the oracle), and Wireshark's reader (tshark)
 * sees a comment on each frame that caused an event. Runs with samples/ as the workspace folder;
 * writes only to a temporary folder.
 */

import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { sleep } from './waiting';

interface Editor {
  readonly finished: boolean;
  readonly result: object | null;
}
interface WinsockReplayApi {
  readonly editors: { editorFor(uri?: vscode.Uri): Editor | undefined };
}
interface Exported {
  readonly file: string;
  readonly framesWritten: number;
  readonly framesAnnotated: number;
  readonly problems: readonly string[];
}


async function finished(uri: vscode.Uri): Promise<Editor> {
  const ext = vscode.extensions.getExtension<WinsockReplayApi>('winsock-replay.winsock-replay');
  assert.ok(ext);
  const api = await ext.activate();
  for (let i = 0; i < 300; i++) {
    const e = api.editors.editorFor(uri);
    if (e !== undefined && e.finished) return e;
    await sleep(100);
  }
  assert.fail(`the analysis of ${uri.fsPath} did not finish`);
}

/** The repository: the extension's own folder (extensionDevelopmentPath). */
function repo(): string {
  const ext = vscode.extensions.getExtension('winsock-replay.winsock-replay');
  assert.ok(ext);
  return ext.extensionPath;
}

suite('Export in VS Code', () => {
  let dir = '';
  suiteSetup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winsock-replay-export-'));
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['reset-abort.pcapng', 'refused.pcap']) {
    test(`${name}: the export is what \`winsock-replay annotate\` writes, and tshark reads its comments`, async () => {
      const folder = vscode.workspace.workspaceFolders![0]!;
      const capture = vscode.Uri.joinPath(folder.uri, name);
      await vscode.commands.executeCommand('vscode.openWith', capture, 'winsockReplay.capture');
      const e = await finished(capture);
      assert.ok(e.result !== null, 'the analysis failed');
      const target = vscode.Uri.file(path.join(dir, `${name}.annotated.pcapng`));
      const r = await vscode.commands.executeCommand<Exported | undefined>('winsockReplay.exportAnnotated', capture, null, target);
      assert.ok(r !== undefined, 'nothing was written');
      assert.deepStrictEqual(r.problems, []);
      assert.strictEqual(r.file, target.fsPath);

      // The same options as the editor's (the settings' defaults: no setting is changed here).
      const oracle = path.join(dir, `${name}.cli.pcapng`);
      execFileSync(process.execPath, [path.join(repo(), 'bin', 'winsock-replay.js'), 'annotate', capture.fsPath, '-o', oracle], { stdio: 'pipe' });
      assert.ok(fs.readFileSync(target.fsPath).equals(fs.readFileSync(oracle)), 'the export differs from `winsock-replay annotate`');

      const comments = execFileSync('tshark', ['-r', target.fsPath, '-T', 'fields', '-e', 'frame.comment'], { encoding: 'utf8' })
        .split('\n').slice(0, -1);
      assert.strictEqual(comments.length, r.framesWritten);
      const annotated = comments.filter((c) => c !== '');
      assert.strictEqual(annotated.length, r.framesAnnotated);
      assert.ok(annotated.length > 0 && annotated.every((c) => /FD_[A-Z]+/.test(c)), annotated.join('\n'));
    });
  }
});
