import type { ToEditor } from '../protocol';

const TYPES = new Set<ToEditor['type']>(['start', 'progress', 'sockets', 'done', 'failed', 'response', 'timeFormat', 'restoreView', 'selectSocket']);

/** Messages from anything but the host's protocol are ignored (other frames may post too). */
export function asToEditor(data: unknown): ToEditor | null {
  if (typeof data !== 'object' || data === null) return null;
  const type = (data as { type?: unknown }).type;
  return typeof type === 'string' && TYPES.has(type as ToEditor['type']) ? (data as ToEditor) : null;
}
