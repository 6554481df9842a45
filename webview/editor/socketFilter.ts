import type { SocketSummaryView } from '../protocol';

/**
 * The text the filter looks in: the row's words, lower-cased. The list keeps it beside each
 * socket (about 90 characters each) because building it is most of a filter's cost, and typing
 * re-tests every socket of a large capture.
 */
export function searchText(s: SocketSummaryView): string {
  return `#${s.id} ${s.title} ${s.connState ?? ''} ${s.history ?? ''} ${s.outcome} ${s.diagnosis.join(' ')}`.toLowerCase();
}

/** The sockets list's filter: words that must all occur in a socket's text, in any case. */
export class SocketFilter {
  readonly words: readonly string[];

  constructor(readonly text: string) {
    this.words = text.trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
  }

  /** `text` is the socket's searchText. */
  matches(text: string): boolean {
    return this.words.every((w) => text.includes(w));
  }

  /**
   * Whether everything this filter lets through, `previous` let through too: each of the
   * previous words lies inside one of these. Typing on narrows, so only the previous matches
   * need testing, not every socket of a large capture.
   */
  narrows(previous: SocketFilter): boolean {
    return previous.words.every((p) => this.words.some((w) => w.includes(p)));
  }
}
