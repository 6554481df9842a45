/**
 * The one message protocol between the extension host and the capture summary webview.
 *
 * Both sides compile against this file and import it with `import type` only, so it must stay
 * free of runtime code. Everything here crosses `postMessage`, which clones values: only
 * JSON-safe data (no bigint, no Uint8Array, no class instances, no `undefined`-dependent
 * semantics). 64-bit quantities and exact timestamps travel as strings.
 */

/** A capture's summary as the webview shows it (built by extension/captureInfoView.ts). */
export interface CaptureInfoView {
  readonly format: 'pcap' | 'pcapng' | 'unknown';
  /** File size in bytes. */
  readonly bytes: number;
  readonly packets: number;
  /** Copies pktmon wrote of a packet already counted (same `epb_packetid`). */
  readonly duplicates: number;
  /** Exact first/last packet time, `"<seconds>.<9 digits>"` since the epoch (see formatSeconds). */
  readonly firstTime?: string;
  readonly lastTime?: string;
  /** The same instants as UTC calendar time, nanosecond digits kept, e.g. `2024-05-01T12:00:00.123456789Z`. */
  readonly firstTimeUtc?: string;
  readonly lastTimeUtc?: string;
  /** lastTime − firstTime, `"<seconds>.<9 digits>"`. */
  readonly duration?: string;
  /** True when reading stopped before the end of the file (an unrecoverable error). */
  readonly stopped: boolean;
  readonly sections: readonly SectionView[];
  readonly interfaces: readonly InterfaceView[];
  readonly warnings: readonly WarningView[];
  /** Blocks seen, by kind (`epb`, `isb`, …). */
  readonly blockCounts: Readonly<Record<string, number>>;
}

export interface SectionView {
  readonly index: number;
  readonly offset: number;
  readonly format: 'pcap' | 'pcapng';
  readonly byteOrder: 'little' | 'big';
  /** `"2.4"`, `"1.0"`. */
  readonly version: string;
  readonly hardware?: string;
  readonly os?: string;
  readonly userAppl?: string;
  readonly comments: readonly string[];
}

export interface InterfaceView {
  readonly index: number;
  readonly section: number;
  readonly localId: number;
  readonly linkType: number;
  /** `ETHERNET`, `LINUX_SLL2` … when the analyzer knows the link type. */
  readonly linkTypeName?: string;
  readonly snapLen: number;
  /** Packets captured on this interface. */
  readonly packets: number;
  /** Clock resolution in words: `"µs (10^-6 s)"`, `"2^-32 s"`. */
  readonly resolution: string;
  readonly tsOffsetSec: number;
  readonly name?: string;
  readonly description?: string;
  readonly os?: string;
  readonly hardware?: string;
  readonly filter?: string;
  readonly macAddress?: string;
  /** Bits per second, decimal (a u64 in the file). */
  readonly speed?: string;
  readonly addresses: readonly string[];
  readonly comments: readonly string[];
}

export interface WarningView {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly offset: number;
  readonly packet?: number;
}

/** Extension host → webview. */
export type ToWebview =
  | { readonly type: 'captureInfo'; readonly file: string; readonly info: CaptureInfoView }
  | { readonly type: 'progress'; readonly bytesRead: number; readonly totalBytes: number }
  | { readonly type: 'error'; readonly message: string };

/** Webview → extension host. */
export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel' };

export type ToWebviewType = ToWebview['type'];
export type FromWebviewType = FromWebview['type'];

