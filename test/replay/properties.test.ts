/**
 * Invariants of the replay over generated connection stories (fast-check): whatever the wire
 * did and whichever profile, API, mask and application model, the timeline must keep the rules
 * every Winsock event-select program relies on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Timestamp } from '../../analyzer/capture/timestamp';
import type { End, Happening } from '../../analyzer/connections/happenings';
import { emptyStats, type ConnectionRecord } from '../../analyzer/connections/record';
import { fdBitOf } from '../../analyzer/model/fdEvents';
import type { ReplayOptions } from '../../analyzer/replay/options';
import { replayConnections } from '../../analyzer/replay/replay';

type Action = 'in' | 'out' | 'oob-in' | 'zero' | 'open' | 'fin-in' | 'fin-out' | 'rst-in' | 'rst-out' | 'read-in' | 'read-out';
type Outcome = 'established' | 'refused' | 'timeout';

const ts = (frame: number): Timestamp => ({ sec: 1000 + Math.floor(frame / 1000), frac: (frame % 1000) * 1000, unitsPerSec: 1e6 });

/** A client connection's happenings from a random script, keeping only what TCP allows next. */
function story(outcome: Outcome, script: readonly { a: Action; n: number }[]): Happening[] {
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

function record(hs: Happening[], retransmitted: boolean): ConnectionRecord {
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

const arbAction = fc.record({
  a: fc.constantFrom<Action>('in', 'in', 'in', 'out', 'out', 'oob-in', 'zero', 'open', 'fin-in', 'fin-out', 'rst-in', 'rst-out', 'read-in', 'read-out'),
  n: fc.integer({ min: 1, max: 3000 }),
});
const arbCase = fc.record({
  outcome: fc.constantFrom<Outcome>('established', 'established', 'established', 'refused', 'timeout'),
  script: fc.array(arbAction, { maxLength: 25 }),
  retransmitted: fc.boolean(),
  serverLocal: fc.boolean(),
  options: fc.record<ReplayOptions>({
    profile: fc.constantFrom('windows', 'documented'),
    api: fc.constantFrom('WSAEventSelect', 'WSAAsyncSelect'),
    // Any nonzero subset of READ, WRITE, OOB, ACCEPT, CONNECT, CLOSE.
    mask: fc.integer({ min: 1, max: 0x3f }),
    app: fc.constantFrom('prompt', 'none', 'window'),
  }),
});

interface Case {
  readonly outcome: Outcome;
  readonly script: readonly { a: Action; n: number }[];
  readonly retransmitted: boolean;
  readonly serverLocal: boolean;
  readonly options: ReplayOptions;
}

function run(c: Case) {
  const r = record(story(c.outcome, c.script), c.retransmitted);
  return { r, result: replayConnections([r], () => ({ client: true, server: c.serverLocal, rule: 'option' }), c.options) };
}

const PARAMS = { numRuns: 400, seed: 0x5eed };

describe('replay invariants (generated stories)', () => {
  it('no event outside the mask is ever reported or posted', () => {
    fc.assert(fc.property(arbCase, (c) => {
      for (const t of run(c).result.sockets) {
        for (const e of t.events) assert.ok((c.options.mask & (1 << fdBitOf(e.event)!)) !== 0, `${e.event} outside mask 0x${c.options.mask.toString(16)}`);
      }
    }), PARAMS);
  });

  it("every FD_CLOSE comes at or after its end's FIN or RST", () => {
    fc.assert(fc.property(arbCase, (c) => {
      const { r, result } = run(c);
      for (const t of result.sockets) {
        const end = t.socket.end;
        const ends = r.happenings.filter((h) => h.at === end && (h.kind === 'peer-fin' || h.kind === 'peer-rst' || h.kind === 'local-rst'));
        for (const e of t.events.filter((x) => x.event === 'FD_CLOSE')) {
          assert.ok(ends.length > 0, `FD_CLOSE on ${t.socket.role} without a FIN or RST`);
          assert.ok(e.frames.every((f) => f >= ends[0]!.frame), `FD_CLOSE frames ${e.frames} before frame ${ends[0]!.frame}`);
        }
      }
    }), PARAMS);
  });

  it('FD_CONNECT and FD_CLOSE at most once per socket (they have no re-enabling call)', () => {
    fc.assert(fc.property(arbCase, (c) => {
      for (const t of run(c).result.sockets) {
        for (const name of ['FD_CONNECT', 'FD_CLOSE']) assert.ok(t.events.filter((e) => e.event === name).length <= 1, `${name} twice on ${t.socket.role}`);
      }
    }), PARAMS);
  });

  it('a program that never reads or accepts is told FD_READ, FD_OOB and FD_ACCEPT once at most', () => {
    fc.assert(fc.property(arbCase.map((c) => ({ ...c, options: { ...c.options, app: 'none' as const } })), (c) => {
      for (const t of run(c).result.sockets) {
        for (const name of ['FD_READ', 'FD_OOB', 'FD_ACCEPT']) assert.ok(t.events.filter((e) => e.event === name).length <= 1, `${name} repeated without a re-enabling call`);
      }
    }), PARAMS);
  });

  it('under prompt, FD_READ repeats only after new data arrived (the recv drained it)', () => {
    fc.assert(fc.property(arbCase.map((c) => ({ ...c, options: { ...c.options, app: 'prompt' as const } })), (c) => {
      const { r, result } = run(c);
      for (const t of result.sockets) {
        const reads = t.events.filter((e) => e.event === 'FD_READ');
        for (let i = 1; i < reads.length; i++) {
          const between = r.happenings.some((h) => h.at === t.socket.end && (h.kind === 'peer-sends' || h.kind === 'peer-sends-oob') &&
            h.frame > reads[i - 1]!.frames.at(-1)! && h.frame <= reads[i]!.frames.at(-1)!);
          assert.ok(between, `FD_READ at frames ${reads[i]!.frames} repeats without new data since ${reads[i - 1]!.frames}`);
        }
      }
    }), PARAMS);
  });

  it('under window, FD_READ repeats only after a recv: where the window showed a read, or for urgent data', () => {
    fc.assert(fc.property(arbCase.map((c) => ({ ...c, options: { ...c.options, app: 'window' as const } })), (c) => {
      const { r, result } = run(c);
      for (const t of result.sockets) {
        const reads = t.events.filter((e) => e.event === 'FD_READ');
        for (let i = 1; i < reads.length; i++) {
          // The program's recv calls: where the window grew, and the recv(MSG_OOB) for urgent data,
          // which may follow the FD_READ reported with FD_OOB in the same frame.
          const prev = reads[i - 1]!.frames.at(-1)!;
          const cur = reads[i]!.frames.at(-1)!;
          const grew = r.happenings.some((h) => h.at === t.socket.end && h.frame <= cur &&
            ((h.kind === 'local-window-grows' && h.frame > prev) || (h.kind === 'peer-sends-oob' && h.frame >= prev)));
          assert.ok(grew, `FD_READ at frames ${reads[i]!.frames} repeats with no read shown by the window since ${reads[i - 1]!.frames}`);
        }
      }
    }), PARAMS);
  });

  it('every event names frames of its own connection, and one that differs by profile says how', () => {
    fc.assert(fc.property(arbCase, (c) => {
      const { r, result } = run(c);
      const frames = new Set(r.happenings.map((h) => h.frame));
      for (const t of result.sockets) {
        for (const e of t.events) {
          for (const f of e.frames) assert.ok(frames.has(f), `frame ${f} is not one of the connection's`);
          if (e.divergence !== undefined) assert.match(e.divergence, /^(windows|documented): /);
        }
      }
    }), PARAMS);
  });
});
