import type { Timestamp } from '../capture/timestamp';
import type { FdName } from '../model/fdEvents';
import type { CallSources } from './loggedCalls';
import type { PlannedSocket } from './socketPlan';

/**
 * One FD_* event as the program received it: one event of a WSAEnumNetworkEvents result, or one
 * WSAAsyncSelect message.
 */
export interface TimelineEvent {
  /** When the program got it: the capture time of the frame whose happening woke it. */
  readonly ts: Timestamp;
  /** The frames whose happenings recorded (or posted) it; empty when a call did (a select on a writable socket …). */
  readonly frames: readonly number[];
  readonly event: FdName;
  /** iErrorCode[FD_*_BIT] or WSAGETSELECTERROR(lParam): 0 or a Winsock error code. */
  readonly error: number;
  /** The model rule that recorded or posted it (analyzer/model/rules.ts). */
  readonly rule: string;
  /**
   * 1-based: which WSAEnumNetworkEvents call on this socket returned it (events of one call share
   * it), or which message this is, in posting order.
   */
  readonly report: number;
  /** WSAAsyncSelect: WSAMAKESELECTREPLY(event, error). */
  readonly lParam?: number;
  /** Position of the step that produced it in the socket group's input, for comparing profiles. */
  readonly step: number;
  /** How the other profile differs for this event, in one line. */
  divergence?: string;
}

/** Something the other profile reports that this one does not. */
export interface ProfileOnlyEvent {
  readonly ts: Timestamp;
  readonly frames: readonly number[];
  readonly text: string;
}

export interface SocketTimeline {
  readonly socket: PlannedSocket;
  readonly events: TimelineEvent[];
  /** Events only the other profile reports. */
  readonly otherOnly: ProfileOnlyEvent[];
  /** Short lines where something deserves attention. */
  readonly diagnosis: string[];
  /** Application model `log`: which of the program's calls its logs gave (absent for a socket replayed under an assumed model). */
  readonly program?: CallSources;
}
