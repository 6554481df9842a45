import type { AnalyzeEventView, AnalyzeSocketView } from '../replay/analyzeView';

function eventText(e: AnalyzeEventView): string {
  return e.error === 0 ? e.event : `${e.event}(${e.error})`;
}

/**
 * Per frame, a line for each FD_* event it caused, each line once: the packet comments of an
 * annotated capture (`FrameTexts.comments`) and the editor's packet badges (`FrameTexts.badges`).
 */
export class FrameTexts {
  private readonly byFrame = new Map<number, string[]>();

  constructor(private readonly text: (e: AnalyzeEventView, v: AnalyzeSocketView) => string) {}

  /**
   * `FD_CLOSE(WSAECONNABORTED) on 10.0.0.5:50412 [windows; documented: FD_CLOSE(WSAECONNRESET)]`,
   * for `winsock-replay annotate` and the editor's export.
   */
  static comments(profile: string): FrameTexts {
    return new FrameTexts((e, v) => {
      const other = e.divergence === undefined ? '' : `; ${e.divergence.split(' — ')[0]}`;
      return `${eventText(e)} on ${v.local} [${profile}${other}]`;
    });
  }

  /** `FD_CLOSE(WSAECONNABORTED) on #3`: the packet list's badges. */
  static badges(): FrameTexts {
    return new FrameTexts((e, v) => `${eventText(e)} on #${v.id}`);
  }

  add(v: AnalyzeSocketView): void {
    for (const e of v.events) {
      const text = this.text(e, v);
      for (const f of e.frames) {
        const list = this.byFrame.get(f);
        if (list === undefined) this.byFrame.set(f, [text]);
        else if (!list.includes(text)) list.push(text);
      }
    }
  }

  /** The lines of `frame`, or undefined for a frame that caused no event. */
  readonly of = (frame: number): readonly string[] | undefined => this.byFrame.get(frame);
}
