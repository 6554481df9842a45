import { FD_NAMES, FdBit, fdBitOf, fdMask } from '../model/fdEvents';
import type { Api } from '../model/modelSocket';
import { isProfileName, type ProfileName } from '../model/profile';

/**
 * How the program is assumed to behave, since a capture shows the wire and not its calls:
 * - `prompt`: it waits on the event (or its window procedure), calls WSAEnumNetworkEvents as soon
 *   as the event is set (handles each message at once), reads until WSAEWOULDBLOCK, accepts every
 *   pending connection, and closes its socket after FD_CLOSE once its own FIN is on the wire;
 * - `none`: it enumerates (or receives messages) but never reads and never accepts, so what a
 *   program that stops servicing a socket would leave pending shows;
 * - `window`: as `prompt`, except that it reads where the local end's advertised receive window
 *   proves it did (the window's right edge moved on: the buffer freed that much), and a graceful
 *   close proves the buffer was empty (closing with unread data makes the stack send a RST);
 * - `log`: the program's own select, recv, send, accept, shutdown and closesocket calls, from
 *   the attached logs at their times on the capture's clock (analyzer/logs/programCalls.ts);
 *   WSAEnumNetworkEvents still as soon as signaled, and whatever a log cannot show (no recv
 *   logged at all, say) as under `prompt`. Needs a log; a socket no log is tied to is `prompt`.
 */
export type AppModelName = 'prompt' | 'none' | 'window' | 'log';

export const APP_MODEL_NAMES: readonly AppModelName[] = ['prompt', 'none', 'window', 'log'];

export const APP_MODEL_TEXT: Readonly<Record<AppModelName, string>> = {
  prompt: 'prompt: WSAEnumNetworkEvents as soon as signaled (each message handled at once), recv until WSAEWOULDBLOCK, accept every pending connection, closesocket after FD_CLOSE',
  none: 'none: the program never reads and never accepts',
  window: 'window: reads inferred from the local receive window (recv where its right edge moves on, by that much), otherwise as prompt',
  log: 'log: the program\'s select, recv, send, accept, shutdown and closesocket calls from the attached logs, at their aligned times; WSAEnumNetworkEvents as soon as signaled; calls no log shows as prompt',
};

export interface ReplayOptions {
  readonly profile: ProfileName;
  readonly api: Api;
  /** The lNetworkEvents every select call passes. */
  readonly mask: number;
  readonly app: AppModelName;
}

/** FD_READ, FD_WRITE, FD_OOB, FD_ACCEPT, FD_CONNECT, FD_CLOSE: what event loops usually select. */
export const DEFAULT_MASK =
  fdMask(FdBit.READ) | fdMask(FdBit.WRITE) | fdMask(FdBit.OOB) | fdMask(FdBit.ACCEPT) | fdMask(FdBit.CONNECT) | fdMask(FdBit.CLOSE);

export const DEFAULT_OPTIONS: ReplayOptions = { profile: 'windows', api: 'WSAEventSelect', mask: DEFAULT_MASK, app: 'prompt' };

/** Thrown with a message naming what was wrong, for the CLI and the extension to show. */
export class OptionError extends Error {}

/**
 * `FD_READ,FD_CLOSE`, `FD_READ|FD_CLOSE`, `READ,CLOSE`, `0x21`, `33` or `FD_ALL_EVENTS`: the forms
 * users copy from code and logs.
 */
export function parseMask(text: string): number {
  const t = text.trim();
  if (/^(0x[0-9a-f]+|\d+)$/i.test(t)) {
    const n = Number(t);
    if (n > 0x3ff) throw new OptionError(`mask ${t} has bits beyond FD_ALL_EVENTS (0x3ff)`);
    return n;
  }
  let mask = 0;
  for (const raw of t.split(/[,|+\s]+/)) {
    if (raw === '') continue;
    const name = raw.toUpperCase();
    if (name === 'FD_ALL_EVENTS' || name === 'ALL') {
      mask |= 0x3ff;
      continue;
    }
    const bit = fdBitOf(name.startsWith('FD_') ? name : `FD_${name}`);
    if (bit === undefined) throw new OptionError(`"${raw}" is not an FD_* event (known: ${FD_NAMES.join(', ')}, FD_ALL_EVENTS)`);
    mask |= fdMask(bit);
  }
  if (mask === 0) throw new OptionError('the mask selects no event');
  return mask;
}

export function parseApi(text: string): Api {
  const t = text.trim().toLowerCase();
  if (t === 'wsaeventselect' || t === 'eventselect' || t === 'event') return 'WSAEventSelect';
  if (t === 'wsaasyncselect' || t === 'asyncselect' || t === 'async') return 'WSAAsyncSelect';
  throw new OptionError(`"${text}" is not an API (WSAEventSelect or WSAAsyncSelect)`);
}

export function parseProfile(text: string): ProfileName {
  if (isProfileName(text)) return text;
  throw new OptionError(`"${text}" is not a profile (windows or documented)`);
}

export function parseAppModel(text: string): AppModelName {
  if ((APP_MODEL_NAMES as readonly string[]).includes(text)) return text as AppModelName;
  throw new OptionError(`"${text}" is not an application model (${APP_MODEL_NAMES.join(', ')})`);
}
