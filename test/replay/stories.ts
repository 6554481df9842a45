/**
 * Random connection stories for replay tests: a client connection's happenings from a script
 * of actions, keeping only what TCP allows next, and a record around them.
 */
import type { Timestamp } from '../../analyzer/capture/timestamp';
import type { End, Happening } from '../../analyzer/connections/happenings';
import { emptyStats, type ConnectionRecord } from '../../analyzer/connections/record';

export type Action = 'in' | 'out' | 'oob-in' | 'zero' | 'open' | 'fin-in' | 'fin-out' | 'rst-in' | 'rst-out' | 'read-in' | 'read-out';
export type Outcome = 'established' | 'refused' | 'timeout';

export const ts = (frame: number): Timestamp => ({ sec: 1000 + Math.floor(frame / 1000), frac: (frame % 1000) * 1000, unitsPerSec: 1e6 });

/** A client connection's happenings from a random script, keeping only what TCP allows next. */
export function story(outcome: Outcome, script: readonly { a: Action; n: number }[]): Happening[] {
  const hs: Happening[] = [];
  let frame = 1;
  const at = (end: End, kind: string, extra: object = {}): void => {
    hs.push({ at: end, kind, frame, ts: ts(frame), ...extra } as Happening);
  };
  at('client', 'connect-attempt', { isn: 1 });
  frame++;
  if (outcome === 'refused') {
    at('client', 'connect-refused');
    return hs;
  }
  if (outcome === 'timeout') {
    at('client', 'connect-timeout', { reason: 'abandoned', attempts: 3 });
    return hs;
  }
  at('client', 'connect-established');
  frame++;
  at('server', 'peer-connects');
  let inTotal = 0;
  let outTotal = 0;
  let finIn = false;
  let finOut = false;
  let zero = false;
  for (const { a, n } of script) {
    frame++;
    switch (a) {
      case 'in':
        if (finIn) continue;
        inTotal += n;
        at('client', 'peer-sends', { bytes: n, total: inTotal });
        break;
      case 'oob-in':
        if (finIn) continue;
        inTotal += n;
        at('client', 'peer-sends', { bytes: n, total: inTotal });
        at('client', 'peer-sends-oob', { offset: inTotal - 1, value: 0x21 });
        break;
      case 'out':
        if (finOut) continue;
        outTotal += n;
        at('server', 'peer-sends', { bytes: n, total: outTotal });
        break;
      case 'zero':
        if (zero || finOut) continue;
        zero = true;
        at('client', 'peer-window-zero');
        break;
      case 'open':
        if (!zero) continue;
        zero = false;
        at('client', 'peer-window-open', { window: 65535 });
        break;
      // The receive window moved on (the evidence the `window` application model reads).
      case 'read-in':
        at('client', 'local-window-grows', { bytes: n, window: 65535, granularity: 1, reopened: n % 2 === 0 });
        break;
      case 'read-out':
        at('server', 'local-window-grows', { bytes: n, window: 65535, granularity: 1, reopened: n % 2 === 0 });
        break;
      case 'fin-in':
        if (finIn) continue;
        finIn = true;
        at('server', 'local-fin');
        at('client', 'peer-fin', { total: inTotal });
        break;
      case 'fin-out':
        if (finOut) continue;
        finOut = true;
        at('client', 'local-fin');
        at('server', 'peer-fin', { total: outTotal });
        break;
      case 'rst-in':
        at('server', 'local-rst');
        at('client', 'peer-rst');
        return hs;
      case 'rst-out':
        at('client', 'local-rst');
        at('server', 'peer-rst');
        return hs;
    }
  }
  return hs;
}

export function record(hs: Happening[], retransmitted: boolean): ConnectionRecord {
  const last = hs[hs.length - 1]!;
  const toServer = emptyStats();
  toServer.retransmissions = retransmitted ? 1 : 0;
  return {
    id: 1, protocol: 'tcp', ipVersion: 4,
    client: { address: '10.0.0.5', port: 50000, outboundFlagged: 0, inboundFlagged: 0, interfaces: [0], ttl: 128 },
    server: { address: '10.0.0.9', port: 80, outboundFlagged: 0, inboundFlagged: 0, interfaces: [0], ttl: 64 },
    roleRule: 'syn', firstFrame: 1, lastFrame: last.frame, start: ts(1), end: last.ts, partial: false, reusedPort: false,
    toServer, toClient: emptyStats(), zeek: { connState: 'OTH', history: '', origIsClient: true, origBytes: 0, respBytes: 0 },
    happenings: hs, notes: [],
  };
}
