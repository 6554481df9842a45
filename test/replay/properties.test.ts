/**
 * Invariants of the replay over generated connection stories (fast-check): whatever the wire
 * did and whichever profile, API, mask and application model, the timeline must keep the rules
 * every Winsock event-select program relies on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fdBitOf } from '../../analyzer/model/fdEvents';
import type { ReplayOptions } from '../../analyzer/replay/options';
import { replayConnections } from '../../analyzer/replay/replay';
import { record, story, type Action, type Outcome } from './stories';

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
