import type { EditorRequest, EditorResult, FromEditor } from '../protocol';

/** Request/response over postMessage: each request gets an id, its response resolves it. */
export class Requests {
  private next = 1;
  private readonly waiting = new Map<number, (r: EditorResult) => void>();

  constructor(private readonly post: (m: FromEditor) => void) {}

  ask(request: EditorRequest): Promise<EditorResult> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.post({ type: 'request', id, request });
    });
  }

  answer(id: number, result: EditorResult): void {
    const r = this.waiting.get(id);
    this.waiting.delete(id);
    r?.(result);
  }

  /** A new analysis: answers to the old one's questions are dropped. */
  forget(): void {
    for (const r of this.waiting.values()) r({ kind: 'error', message: 'superseded' });
    this.waiting.clear();
  }
}
