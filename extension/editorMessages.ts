/**
 * Checks what the capture editor's page sends before the host acts on it: the page is ours, but
 * a message is still data from a webview, and a malformed one must be dropped, not obeyed.
 */

import type { EditorCommand, EditorRequest, EditorViewState, FromEditor, TimeFormat } from '../webview/protocol';

const COMMANDS: readonly EditorCommand[] = ['profile', 'api', 'mask', 'app', 'local', 'export', 'copyTimeline', 'reanalyze', 'attachLog', 'detachLog', 'shiftLogClock'];
const TIME_FORMATS: readonly TimeFormat[] = ['relative', 'absolute', 'delta'];

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

function isRequest(r: unknown): r is EditorRequest {
  if (typeof r !== 'object' || r === null) return false;
  const x = r as Record<string, unknown>;
  switch (x['kind']) {
    case 'packets': return isInt(x['start']) && isInt(x['count']);
    case 'socketPackets': return isInt(x['socket']) && isInt(x['from']) && isInt(x['count']);
    case 'rule': return typeof x['rule'] === 'string' && x['rule'].length < 200;
    case 'socket': return isInt(x['socket']);
    default: return false;
  }
}

/** A filter longer than this is no one's typing: the state is dropped rather than stored. */
const MAX_FILTER = 1000;

/** A view state as the page saves it; also checks what the workspace state gives back, which an older version may have written. */
export function isViewState(v: unknown): v is EditorViewState {
  if (typeof v !== 'object' || v === null) return false;
  const x = v as Record<string, unknown>;
  const nonNegative = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  return (x['selected'] === null || isInt(x['selected']))
    && typeof x['filter'] === 'string' && x['filter'].length <= MAX_FILTER
    && (x['timeFormat'] === null || TIME_FORMATS.includes(x['timeFormat'] as TimeFormat))
    && nonNegative(x['packetScroll']) && nonNegative(x['savedAt']);
}

export function isFromEditor(m: unknown): m is FromEditor {
  if (typeof m !== 'object' || m === null) return false;
  const x = m as Record<string, unknown>;
  switch (x['type']) {
    case 'ready':
    case 'cancel':
      return true;
    case 'request': return isInt(x['id']) && isRequest(x['request']);
    case 'command':
      return COMMANDS.includes(x['command'] as EditorCommand) && (x['socket'] === undefined || isInt(x['socket']));
    case 'saveView': return isViewState(x['state']);
    case 'openLog': return isInt(x['log']) && x['log'] >= 0 && isInt(x['line']) && x['line'] >= 0;
    default: return false;
  }
}
