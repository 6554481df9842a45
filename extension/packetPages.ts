/**
 * Packet rows on request: the editor's packet list asks for a page, and the rows are read again
 * from the file through the packet index, so neither the host nor the webview holds the capture.
 * No `vscode` import (tested under plain Node).
 */

import { open, type FileHandle } from 'node:fs/promises';
import type { Timestamp } from '../analyzer/capture/timestamp';
import { FrameTexts } from '../analyzer/views/frameTexts';
import { PacketIndex } from '../analyzer/views/packetIndex';
import { packetRow, type PacketRowView } from '../analyzer/views/packetRows';
import type { PacketPage, SocketPackets, SocketRowView } from '../webview/protocol';

/** Most rows one request may ask for. */
export const MAX_PAGE = 500;
/** Most frames one wire-lane request looks through for a socket's packets. */
const SCAN_LIMIT = 20_000;

export class PacketPages {
  private handle: Promise<FileHandle> | null = null;
  private first: Timestamp | null = null;
  /** Frame → the events it caused, as the packet list's badges show them. */
  private readonly badges = FrameTexts.badges();

  constructor(private readonly file: string, private readonly index: PacketIndex) {}

  get count(): number {
    return this.index.count;
  }

  /** Adds the badges of the frames `s` ties its events to. */
  addSocket(s: SocketRowView): void {
    this.badges.add(s);
  }

  async page(start: number, count: number): Promise<PacketPage> {
    const first = Math.max(1, Math.floor(start));
    const last = Math.min(this.index.count, first + Math.min(MAX_PAGE, Math.max(0, Math.floor(count))) - 1);
    const rows: PacketRowView[] = [];
    const badges: Record<number, readonly string[]> = {};
    for (let n = first; n <= last; n++) {
      rows.push(await this.row(n));
      const b = this.badges.of(n);
      if (b !== undefined) badges[n] = b;
    }
    return { start: first, rows, badges };
  }

  /**
   * The packets of socket `s` from frame `from`: those between its connections' first and last
   * frames whose endpoints are its own (a listener's or unconnected UDP socket's: any packet to or
   * from its local endpoint). Looks through a bounded number of frames per request.
   */
  async socketPackets(s: SocketRowView, from: number, count: number): Promise<SocketPackets> {
    const rows: PacketRowView[] = [];
    const want = Math.min(MAX_PAGE, Math.max(1, count));
    let n = Math.max(from, s.firstFrame);
    const stop = Math.min(s.lastFrame, this.index.count, n + SCAN_LIMIT - 1);
    for (; n <= stop && rows.length < want; n++) {
      const r = await this.row(n);
      const mine = s.remote === null
        ? r.src === s.local || r.dst === s.local
        : (r.src === s.local && r.dst === s.remote) || (r.src === s.remote && r.dst === s.local);
      if (mine) rows.push(r);
    }
    return { socket: s.id, rows, next: n <= Math.min(s.lastFrame, this.index.count) ? n : null };
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    if (h !== null) await (await h).close();
  }

  private async row(n: number): Promise<PacketRowView> {
    const at = this.index.at(n);
    const data = new Uint8Array(at.caplen);
    const h = await (this.handle ??= open(this.file, 'r'));
    const { bytesRead } = await h.read(data, 0, at.caplen, at.dataOffset);
    const previous = n > 1 ? this.index.at(n - 1).ts : null;
    return packetRow(at, data.subarray(0, bytesRead), (this.first ??= this.index.at(1).ts), previous);
  }
}
