import type { Timestamp } from '../capture/timestamp';
import { emptyStats, type DirectionStats, type EndpointInfo } from '../connections/record';
import { ReceivedStream } from './receivedStream';

/** Where an end's own connect() stands. */
export type ConnectOutcome = 'none' | 'pending' | 'established' | 'refused' | 'unreachable';

/** One end of a TCP connection: what it sent, what it advertised, and where its socket stands. */
export class TcpEnd {
  /** Initial sequence number from its SYN or SYN/ACK; -1 until seen. */
  isn = -1;
  /** It sent a bare SYN: it called connect(). */
  activeOpen = false;
  /** It sent a SYN/ACK without a bare SYN of its own: a listener accepted the SYN. */
  passiveOpen = false;
  synCount = 0;
  /** Capture times (seconds) of its last two SYNs, for the timeout estimate. */
  lastSynAt = 0;
  prevSynAt = 0;
  lastSynFrame = 0;
  lastSynTs: Timestamp | null = null;
  connect: ConnectOutcome = 'none';
  /** What interrupted the last attempt: the reason a retry that follows is a retry. */
  lastFailure: 'refusal' | 'unreachable' | null = null;
  /** peer-connects was emitted (for a passive end). */
  accepted = false;

  /** Window scale shift it offered in its SYN; -1 when its SYN had none or was not seen. */
  offeredScale = -1;
  sawSyn = false;
  /** Last window it advertised, scaled; -1 before its first ACK. */
  window = -1;
  advertisedZero = false;
  /** Offset in the peer's stream up to which it acknowledged; -1 before its first ACK. */
  ackOffset = -1;

  finSent = false;
  rstSent = false;
  /** Its socket saw a RST (from the peer, accepted) or sent one: nothing more reaches it. */
  reset = false;

  /** The bytes it sends, as its peer received them. */
  readonly out = new ReceivedStream();
  readonly stats: DirectionStats = emptyStats();

  /** Interface of its last packet, to skip the per-packet interface bookkeeping. */
  lastIface = -1;

  constructor(readonly endpoint: EndpointInfo) {}
}
