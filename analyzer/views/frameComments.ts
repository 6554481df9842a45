import type { AnalyzeSocketView } from '../replay/analyzeView';

/**
 * The packet comments an annotated capture carries: per frame, each FD_* event it caused, e.g.
 * `FD_CLOSE(WSAECONNABORTED) on 10.0.0.5:50412 [windows; documented: FD_CLOSE(WSAECONNRESET)]`.
 * Shared by `winsock-replay annotate` and the editor's export.
 */
export class FrameComments {
  private readonly byFrame = new Map<number, string[]>();

  constructor(private readonly profile: string) {}

  add(v: AnalyzeSocketView): void {
    for (const e of v.events) {
      const error = e.error === 0 ? '' : `(${e.error})`;
      const other = e.divergence === undefined ? '' : `; ${e.divergence.split(' — ')[0]}`;
      const text = `${e.event}${error} on ${v.local} [${this.profile}${other}]`;
      for (const f of e.frames) {
        const list = this.byFrame.get(f);
        if (list === undefined) this.byFrame.set(f, [text]);
        else if (!list.includes(text)) list.push(text);
      }
    }
  }

  /** The comments of `frame`, or undefined for a frame that caused no event. */
  readonly of = (frame: number): readonly string[] | undefined => this.byFrame.get(frame);
}
