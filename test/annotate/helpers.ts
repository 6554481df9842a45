/**
 * Shared by the annotate tests: running the annotator under a feeding, running the real tools on
 * its output, and comparing what our reader sees in input and output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { CaptureAnnotator, type AnnotatorOptions, type CommentsFor } from '../../analyzer/annotate/captureAnnotator';
import type { PacketRecord } from '../../analyzer/capture/types';
import { concat } from '../helpers/captureBuilder';
import { FEEDS, WHOLE, fixedFeed, read, type Feed, type Transcript } from '../capture/harness';

export { FEEDS, WHOLE, read, type Feed, type Transcript };

export interface Annotated {
  readonly out: Uint8Array;
  readonly annotator: CaptureAnnotator;
  /** Frames `commentsFor` was asked about, in the order asked. */
  readonly asked: number[];
}

export function annotate(input: Uint8Array, commentsFor: CommentsFor, feed: Feed = WHOLE, opts?: AnnotatorOptions): Annotated {
  const asked: number[] = [];
  const annotator = new CaptureAnnotator((n) => { asked.push(n); return commentsFor(n); }, opts);
  const parts: Uint8Array[] = [];
  for (const chunk of feed.split(input)) {
    // The caller may reuse its chunk as soon as push returns: output must not alias it.
    const copy = chunk.slice();
    const got = annotator.push(copy);
    copy.fill(0xee);
    parts.push(...got);
  }
  parts.push(...annotator.end());
  return { out: concat(...parts), annotator, asked };
}

/** Chunk sizes the annotator is fed in, besides the reader's FEEDS. */
export { fixedFeed };

// ---------------------------------------------------------------------------------------------
// Real tools

const dir = mkdtempSync(join(tmpdir(), 'wsr-annotate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

export function tempFile(bytes: Uint8Array, ext = 'pcapng'): string {
  const path = join(dir, `f${++fileNo}.${ext}`);
  writeFileSync(path, bytes);
  return path;
}

/** tshark and capinfos print this on stderr when run as root; it is not a reading problem. */
function realErrors(stderr: string): string {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !/^Running as user "root"/.test(l)).join('\n');
}

export interface ToolRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly errors: string;
}

export function run(tool: string, args: string[]): ToolRun {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, errors: realErrors(r.stderr) };
}

const AGG = '\x1f';

/**
 * tshark's frame comments, one entry per frame in tshark's numbering: every comment of the frame,
 * in order. Fails the test if tshark reports any problem reading the file.
 */
export function tsharkComments(path: string): Map<number, string[]> {
  const r = run('tshark', ['-r', path, '-n', '-T', 'fields', '-e', 'frame.number', '-e', 'frame.comment', '-E', 'occurrence=a', '-E', `aggregator=${AGG}`]);
  assert.equal(r.errors, '', `tshark -r ${path}`);
  assert.equal(r.status, 0, `tshark -r ${path}`);
  const out = new Map<number, string[]>();
  for (const line of r.stdout.split('\n')) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const n = Number(line.slice(0, tab));
    const text = line.slice(tab + 1);
    out.set(n, text === '' ? [] : text.split(AGG));
  }
  return out;
}

/**
 * tshark's per-frame time, interface (per section), section, lengths, encapsulation and
 * protocols, as text lines. A classic pcap has no interface or section numbers: they are shown as
 * interface 0 of section 1, what its pcapng conversion has.
 */
export function tsharkFrames(path: string): string[] {
  const r = run('tshark', ['-r', path, '-n', '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'frame.interface_id',
    '-e', 'frame.section_number', '-e', 'frame.cap_len', '-e', 'frame.len', '-e', 'frame.encap_type', '-e', 'frame.protocols']);
  assert.equal(r.errors, '', `tshark -r ${path}`);
  assert.equal(r.status, 0, `tshark -r ${path}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((line) => {
    const f = line.split('\t');
    if (f[2] === '' && f[3] === '') [f[2], f[3]] = ['0', '1'];
    return f.join('\t');
  });
}

/** capinfos must read the file cleanly; returns its packet count. */
export function capinfosPackets(path: string): number {
  const r = run('capinfos', ['-c', '-M', path]);
  assert.equal(r.errors, '', `capinfos ${path}`);
  assert.equal(r.status, 0, `capinfos ${path}`);
  const m = /Number of packets:\s+(\d+)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  return Number(m[1]);
}

// ---------------------------------------------------------------------------------------------
// Our reader on input and output

/** What must survive annotation unchanged in every packet. */
export function packetFacts(p: PacketRecord): Record<string, unknown> {
  return {
    n: p.n, iface: p.iface, linkType: p.linkType, ts: p.ts, caplen: p.caplen, len: p.len, data: Array.from(p.data),
    flags: p.flags, direction: p.direction, packetId: p.packetId, verdicts: p.verdicts?.map((v) => Array.from(v)),
    processId: p.processId, threadId: p.threadId, dropCount: p.dropCount, queue: p.queue,
    otherOptions: p.otherOptions?.map((o) => ({ code: o.code, value: Array.from(o.value) })),
  };
}

/**
 * Every packet of the output must equal the input's in time, interface, lengths, bytes and every
 * option, and carry the input's comments followed by the added ones.
 */
export function assertSamePackets(input: Transcript, output: Transcript, added: (n: number) => readonly string[], at: string): void {
  assert.equal(output.packets.length, input.packets.length, `${at}: packet count`);
  input.packets.forEach((p, i) => {
    const q = output.packets[i]!;
    assert.deepEqual(packetFacts(q), packetFacts(p), `${at}: packet ${p.n}`);
    const expected = [...(p.comments ?? []), ...added(p.n)];
    assert.deepEqual(q.comments ?? [], expected, `${at}: comments of packet ${p.n}`);
  });
}

/** Without their file offsets (which move when blocks grow). */
export function withoutOffset<T extends { offset: number }>(x: T): Omit<T, 'offset'> {
  const { offset: _offset, ...rest } = x;
  return rest;
}

/** The comments a test asks for: deterministic, with the characters a real comment has. */
export function sampleComments(n: number, last: number): string[] | undefined {
  if (n === last || n % 4 === 1) {
    const c = [`FD_CLOSE(WSAECONNABORTED) on 10.0.0.5:50412 [windows; documented: WSAECONNRESET] (frame ${n})`];
    if (n % 8 === 1) c.push(`FD_READ, FD_WRITE — iErrorCode 0, « UTF-8 » ✓ ${n}`);
    return c;
  }
  return undefined;
}
