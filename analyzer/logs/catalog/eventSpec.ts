/**
 * One ETW event as its provider's manifest declares it: what the readers need to name the
 * values of a record (CSV rows give them by position) and to recognise a rendered message
 * (text formats give only the message).
 */
export interface EventSpec {
  readonly provider: string;
  readonly id: number;
  /** The manifest's task/symbol name (`AfdConnectWithAddressConnected`, `TcpConnectTcbComplete`). */
  readonly name: string;
  /** Payload fields in order (the latest version's list: later versions only append). */
  readonly fields: readonly string[];
  /** The message template with `%n` placeholders (1-based into `fields`), or null when none is known. */
  readonly template: string | null;
}
