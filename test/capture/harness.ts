/**
 * One conformance harness for every way bytes can reach the reader: the whole file at once, and
 * chunks of many sizes down to one byte. Every case must produce the same transcript under every
 * feeding, so a boundary bug in the reader shows up as a difference, whatever the format.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CaptureReader } from '../../analyzer/capture/captureReader';
import type { AuxBlock, CaptureSummary, CaptureWarning, InterfaceInfo, PacketRecord, SectionInfo } from '../../analyzer/capture/types';

export type Event =
  | { readonly kind: 'section'; readonly section: SectionInfo }
  | { readonly kind: 'iface'; readonly iface: InterfaceInfo }
  | { readonly kind: 'packet'; readonly packet: PacketRecord }
  | { readonly kind: 'block'; readonly block: AuxBlock }
  | { readonly kind: 'warning'; readonly warning: CaptureWarning };

export interface Transcript {
  readonly events: Event[];
  readonly summary: CaptureSummary;
  readonly sections: SectionInfo[];
  readonly ifaces: InterfaceInfo[];
  readonly packets: PacketRecord[];
  readonly blocks: AuxBlock[];
  readonly warnings: CaptureWarning[];
}

export interface Feed {
  readonly name: string;
  split(bytes: Uint8Array): Uint8Array[];
}

/** Feeds the input in chunks of `size` bytes. */
export function fixedFeed(size: number): Feed {
  return {
    name: `chunks of ${size}`,
    split(bytes) {
      const out: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
      return out;
    },
  };
}

/** Deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSizes(seed: number): Feed {
  return {
    name: `random chunks (seed ${seed})`,
    split(bytes) {
      const rnd = prng(seed);
      const out: Uint8Array[] = [];
      for (let i = 0; i < bytes.length;) {
        // Mostly small, sometimes empty, sometimes large: empty chunks must be harmless too.
        const r = rnd();
        const size = r < 0.05 ? 0 : r < 0.7 ? 1 + Math.floor(rnd() * 40) : 1 + Math.floor(rnd() * 5000);
        out.push(bytes.subarray(i, i + size));
        i += size;
      }
      return out;
    },
  };
}

export const WHOLE: Feed = { name: 'whole buffer', split: (bytes) => [bytes] };
export const FEEDS: readonly Feed[] = [WHOLE, fixedFeed(1), fixedFeed(2), fixedFeed(3), fixedFeed(7), fixedFeed(64), fixedFeed(4093), randomSizes(1), randomSizes(2)];

export function read(bytes: Uint8Array, feed: Feed = WHOLE): Transcript {
  const events: Event[] = [];
  const t = { sections: [] as SectionInfo[], ifaces: [] as InterfaceInfo[], packets: [] as PacketRecord[], blocks: [] as AuxBlock[], warnings: [] as CaptureWarning[] };
  const reader = new CaptureReader({
    section: (section) => { events.push({ kind: 'section', section }); t.sections.push(section); },
    iface: (iface) => { events.push({ kind: 'iface', iface }); t.ifaces.push(iface); },
    packet: (packet) => { events.push({ kind: 'packet', packet }); t.packets.push(packet); },
    block: (block) => { events.push({ kind: 'block', block }); t.blocks.push(block); },
    warning: (warning) => { events.push({ kind: 'warning', warning }); t.warnings.push(warning); },
  });
  for (const chunk of feed.split(bytes)) reader.push(chunk);
  return { events, summary: reader.end(), ...t };
}

/**
 * Registers one test per feeding for `bytes`: each must give exactly the whole-buffer transcript,
 * and that transcript must pass `check`.
 */
export function conformance(name: string, bytes: () => Uint8Array, check: (t: Transcript) => void, feeds: readonly Feed[] = FEEDS): void {
  test(name, async (t) => {
    const input = bytes();
    const reference = read(input, WHOLE);
    await t.test('whole buffer meets the expectations', () => check(reference));
    for (const feed of feeds) {
      if (feed === WHOLE) continue;
      await t.test(feed.name, () => {
        const got = read(input, feed);
        assert.deepEqual(got.events, reference.events);
        assert.deepEqual(got.summary, reference.summary);
      });
    }
  });
}

export function codes(t: Transcript): string[] {
  return t.warnings.map((w) => w.code);
}
