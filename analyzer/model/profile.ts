/**
 * The two truths of the model. `documented` reads the seeds literally; `windows` is what real
 * Windows does where it differs. Each switch names the rules that hold under it (rules.ts gives
 * their sources), so every difference is one place in the code.
 */
export type ProfileName = 'documented' | 'windows';

export const PROFILE_NAMES: readonly ProfileName[] = ['documented', 'windows'];

export interface Profile {
  readonly name: ProfileName;
  /**
   * When the peer's FIN arrives with data unread: `drained` waits until recv has read it all
   * (close.waits-for-read, close.graceful); `fin` records FD_CLOSE at once (close.on-fin).
   */
  readonly closeAt: 'drained' | 'fin';
  /** FD_CLOSE's error for a peer's RST: close.reset / close.reset-aborted. */
  readonly resetCloseError: 'WSAECONNRESET' | 'WSAECONNABORTED';
  /** A successful send records FD_WRITE again while space remains (write.after-send) or not (write.send-quiet). */
  readonly sendRecordsWrite: boolean;
  /**
   * Where WSAEventSelect's record lives. `selection`: the record belongs to the selection: a new
   * WSAEventSelect clears it and reports the conditions that hold (select.clears-record,
   * select.persist). `afd`: the record is kept by the socket whatever the mask: events are
   * recorded even when unselected, a new selection neither clears it nor resets the event
   * object, and WSAEnumNetworkEvents reports and clears only the selected bits
   * (record.afd, select.keeps-record, enum.selected-bits). Under `afd`, WSAAsyncSelect posts the
   * conditions that hold at each select call, FD_CONNECT never (select.async-conditions).
   */
  readonly record: 'selection' | 'afd';
  /** Whether a failed recv re-enables FD_READ under WSAEventSelect (reenable.call) or only under WSAAsyncSelect (reenable.failed-event). */
  readonly failedRecvReenablesEvent: boolean;
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  documented: {
    name: 'documented',
    closeAt: 'drained',
    resetCloseError: 'WSAECONNRESET',
    sendRecordsWrite: true,
    record: 'selection',
    failedRecvReenablesEvent: true,
  },
  windows: {
    name: 'windows',
    closeAt: 'fin',
    resetCloseError: 'WSAECONNABORTED',
    sendRecordsWrite: false,
    record: 'afd',
    failedRecvReenablesEvent: false,
  },
};

export function isProfileName(s: string): s is ProfileName {
  return s === 'documented' || s === 'windows';
}
