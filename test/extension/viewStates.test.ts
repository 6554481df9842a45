/**
 * The capture editor's saved view on the host side: what the page may send (`saveView`, checked
 * by isFromEditor) and what the per-capture store (extension/viewStates.ts) keeps and gives back,
 * under plain Node with a memento made of a Map.
 */
import { strict as assert } from 'assert';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { isFromEditor, isViewState } from '../../extension/editorMessages';
import { ViewStates } from '../../extension/viewStates';
import type { EditorViewState } from '../../webview/protocol';

const STATE: EditorViewState = { selected: 3, filter: 'client RSTO', timeFormat: 'absolute', packetScroll: 110, savedAt: 1_795_277_995_000 };

/** A workspace state that keeps values as VS Code does: JSON, so what is stored is a copy. */
class Memento {
  readonly values = new Map<string, string>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string): T | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

const uri = (p: string) => ({ toString: () => `file://${p}` }) as vscode.Uri;

describe('the capture editor\'s saved view', () => {
  it('the page may send its view; the time format alone is no longer a message', () => {
    assert.ok(isFromEditor({ type: 'saveView', state: STATE }));
    assert.ok(isFromEditor({ type: 'saveView', state: { ...STATE, selected: null, timeFormat: null } }));
    assert.ok(!isFromEditor({ type: 'timeFormat', format: 'delta' }));
  });

  it('a malformed view is dropped', () => {
    const bad: unknown[] = [
      null, 'state', {},
      { ...STATE, selected: 1.5 }, { ...STATE, selected: '3' },
      { ...STATE, filter: 7 }, { ...STATE, filter: 'x'.repeat(1001) },
      { ...STATE, timeFormat: 'local' }, { ...STATE, timeFormat: undefined },
      { ...STATE, packetScroll: -1 }, { ...STATE, packetScroll: Number.NaN }, { ...STATE, packetScroll: Infinity },
      { ...STATE, savedAt: '0' },
    ];
    for (const state of bad) {
      assert.ok(!isViewState(state), JSON.stringify(state));
      assert.ok(!isFromEditor({ type: 'saveView', state }), JSON.stringify(state));
    }
  });

  it('is kept per capture in the workspace state, field by field, and comes back in a new window', async () => {
    const memento = new Memento();
    const a = uri('/caps/a.pcapng');
    const b = uri('/caps/b.pcapng');
    await new ViewStates(memento as unknown as vscode.Memento).set(a, { ...STATE, extra: '<script>' } as EditorViewState);
    // A new window: a new store over the same workspace state.
    const again = new ViewStates(memento as unknown as vscode.Memento);
    assert.deepEqual(again.get(a), STATE);
    assert.equal(again.get(b), null);
    assert.deepEqual(memento.keys(), ['winsockReplay.view:file:///caps/a.pcapng']);
  });

  it('what an older version stored, or anything not a view, is not given to the page', async () => {
    const memento = new Memento();
    const a = uri('/caps/a.pcapng');
    await memento.update('winsockReplay.view:file:///caps/a.pcapng', { selected: 3, filter: '', timeFormat: null, packetScroll: 0 });
    assert.equal(new ViewStates(memento as unknown as vscode.Memento).get(a), null);
  });

  it('without a memento it lasts as long as the store', async () => {
    const store = new ViewStates();
    await store.set(uri('/caps/a.pcapng'), STATE);
    assert.deepEqual(store.get(uri('/caps/a.pcapng')), STATE);
  });
});
