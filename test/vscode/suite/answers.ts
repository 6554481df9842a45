/**
 * The user's side of a command's dialogs, for tests in the extension host: the quick picks,
 * input boxes and open dialogs the extension shows are answered from a script, and what they
 * asked is recorded. The extension host hands the extension the same `vscode` API object these
 * tests import, so replacing a `vscode.window` function here replaces it for the extension too
 * (until it is put back, always, in `finally`). A dialog the script did not expect fails the test
 * instead of waiting for a user who never comes.
 */

import * as assert from 'assert';
import * as vscode from 'vscode';

/** One dialog the extension showed, as it showed it. */
export type Asked =
  | { readonly kind: 'quickPick'; readonly items: readonly vscode.QuickPickItem[]; readonly options: vscode.QuickPickOptions | undefined }
  | { readonly kind: 'inputBox'; readonly options: vscode.InputBoxOptions | undefined }
  | { readonly kind: 'openDialog'; readonly options: vscode.OpenDialogOptions | undefined };

/** What the user does with one dialog: its kind, and the answer given what was asked (undefined: dismissed). */
export interface Answer {
  readonly kind: Asked['kind'];
  readonly give: (asked: Asked) => unknown;
}

export const pick = (choose: (items: readonly vscode.QuickPickItem[]) => unknown): Answer =>
  ({ kind: 'quickPick', give: (a) => (a.kind === 'quickPick' ? choose(a.items) : undefined) });
/** The one item labelled `label`; the test fails if the pick offers no such item. */
export const pickLabel = (label: string): Answer => pick((items) => {
  const item = items.find((i) => i.label === label);
  assert.ok(item !== undefined, `no item "${label}" among ${items.map((i) => i.label).join(', ')}`);
  return item;
});
export const typeText = (text: string): Answer => ({ kind: 'inputBox', give: () => text });
export const openFile = (uri: vscode.Uri): Answer => ({ kind: 'openDialog', give: () => [uri] });
export const dismiss = (kind: Asked['kind']): Answer => ({ kind, give: () => undefined });

type Window = Record<'showQuickPick' | 'showInputBox' | 'showOpenDialog', unknown>;

/**
 * Runs `run` with the dialogs answered by `answers`, in order. Resolves to what `run` resolved to
 * and every dialog that was shown; fails when a dialog came that no answer was left for, came out
 * of order, or an answer was never used.
 */
export async function answering<T>(answers: readonly Answer[], run: () => Thenable<T>): Promise<{ readonly result: T; readonly asked: readonly Asked[] }> {
  const w = vscode.window as unknown as Window;
  const saved = { showQuickPick: w.showQuickPick, showInputBox: w.showInputBox, showOpenDialog: w.showOpenDialog };
  const left = [...answers];
  const asked: Asked[] = [];
  const unexpected: string[] = [];
  const answer = (a: Asked): unknown => {
    asked.push(a);
    const next = left[0];
    if (next === undefined || next.kind !== a.kind) {
      unexpected.push(`${a.kind} (${JSON.stringify(a.options?.title ?? null)}) where the script had ${next?.kind ?? 'nothing more'}`);
      return undefined;
    }
    left.shift();
    return next.give(a);
  };
  w.showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) =>
    answer({ kind: 'quickPick', items: await items, options });
  w.showInputBox = async (options?: vscode.InputBoxOptions) => answer({ kind: 'inputBox', options });
  w.showOpenDialog = async (options?: vscode.OpenDialogOptions) => answer({ kind: 'openDialog', options });
  let result: T;
  try {
    result = await run();
  } finally {
    Object.assign(w, saved);
  }
  assert.deepStrictEqual(unexpected, [], 'dialogs the script did not expect');
  assert.deepStrictEqual(left.map((a) => a.kind), [], 'answers never asked for');
  return { result, asked };
}
