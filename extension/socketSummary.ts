/**
 * What the capture editor's page is sent of each socket. Field by field rather than by leaving
 * parts out, so a field added to the full view later stays on the host until someone decides the
 * page needs it. No `vscode` import (the page's tests build rows with it under plain Node).
 */

import type { SocketRowView, SocketSummaryView } from '../webview/protocol';

export function socketSummary(s: SocketRowView): SocketSummaryView {
  return {
    id: s.id,
    role: s.role,
    local: s.local,
    localRule: s.localRule,
    remote: s.remote,
    connState: s.connState,
    history: s.history,
    title: s.title,
    outcome: s.outcome,
    firstFrame: s.firstFrame,
    lastFrame: s.lastFrame,
    diagnosis: s.diagnosis,
  };
}
