/**
 * What the extension sends the webview: the analyzer's CaptureInfo spelt as the JSON-safe
 * CaptureInfoView, and the read itself (progress, cancellation) on the shipped samples.
 */

import { strict as assert } from 'assert';
import * as path from 'path';
import { describe, it } from 'node:test';
import type { CaptureInfo } from '../../analyzer/capture/captureInfo';
import { MICROSECONDS, NANOSECONDS } from '../../analyzer/capture/timestamp';
import { captureInfoView, describeResolution, formatNanoseconds, formatUtc } from '../../analyzer/capture/captureInfoView';
import { readCaptureInfo, throttle } from '../../extension/readCaptureInfo';
import { repoRoot } from './webpackBuild';

const sample = (name: string): string => path.join(repoRoot, 'samples', name);

function fakeInfo(): CaptureInfo {
  return {
    format: 'pcapng',
    bytes: 1000,
    sections: [
      {
        index: 0,
        offset: 0,
        format: 'pcapng',
        byteOrder: 'big',
        version: { major: 1, minor: 0 },
        sectionLength: -1n,
        userAppl: 'pktmon',
        comments: ['hi'],
        options: [{ code: 1, value: new Uint8Array([104, 105]) }],
      },
    ],
    interfaces: [
      {
        index: 0,
        section: 0,
        localId: 0,
        offset: 28,
        linkType: 1,
        snapLen: 65535,
        tsResolution: NANOSECONDS,
        tsOffsetSec: 0,
        name: 'eth0',
        ipv4Addresses: [{ address: '192.0.2.1', netmask: '255.255.255.0' }],
        ipv6Addresses: [{ address: '2001:db8::1', prefixLength: 64 }],
        speed: 10_000_000_000n,
        comments: [],
        options: [],
      },
      {
        index: 1,
        section: 0,
        localId: 1,
        offset: 60,
        linkType: 105,
        snapLen: 0,
        tsResolution: { base: 2, exponent: 32, unitsPerSec: 2 ** 32, coarsened: false },
        tsOffsetSec: 3600,
        ipv4Addresses: [],
        ipv6Addresses: [],
        comments: [],
        options: [],
      },
    ],
    packets: 5,
    duplicates: 1,
    packetsPerInterface: [4, 1],
    firstTs: { sec: 1714564800, frac: 123456789, unitsPerSec: 1e9 },
    lastTs: { sec: 1714564802, frac: 5, unitsPerSec: 1e6 },
    warnings: [{ severity: 'error', code: 'truncated-block', message: 'cut', offset: 900, packet: 5 }],
    blockCounts: { isb: 1 },
    stopped: true,
  };
}

describe('captureInfoView', () => {
  it('survives a JSON round trip unchanged (no bigint, no bytes)', () => {
    const view = captureInfoView(fakeInfo());
    assert.deepEqual(JSON.parse(JSON.stringify(view)), view);
  });

  it('spells times exactly, in seconds and in UTC', () => {
    const view = captureInfoView(fakeInfo());
    assert.equal(view.firstTime, '1714564800.123456789');
    assert.equal(view.lastTime, '1714564802.000005000');
    assert.equal(view.firstTimeUtc, '2024-05-01T12:00:00.123456789Z');
    assert.equal(view.lastTimeUtc, '2024-05-01T12:00:02.000005000Z');
    assert.equal(view.duration, '1.876548211');
  });

  it('describes interfaces and sections', () => {
    const view = captureInfoView(fakeInfo());
    const [eth, wifi] = view.interfaces;
    assert.equal(eth!.linkTypeName, 'ETHERNET');
    assert.equal(eth!.resolution, 'ns (10^-9 s)');
    assert.equal(eth!.packets, 4);
    assert.equal(eth!.speed, '10000000000');
    assert.deepEqual(eth!.addresses, ['192.0.2.1/255.255.255.0', '2001:db8::1/64']);
    assert.equal(wifi!.linkTypeName, undefined, 'unknown to the analyzer: shown by number only');
    assert.equal(wifi!.resolution, '2^-32 s');
    assert.equal(wifi!.packets, 1);
    assert.equal(wifi!.tsOffsetSec, 3600);
    assert.deepEqual(view.sections, [
      { index: 0, offset: 0, format: 'pcapng', byteOrder: 'big', version: '1.0', userAppl: 'pktmon', comments: ['hi'] },
    ]);
    assert.equal(view.stopped, true);
    assert.equal(view.duplicates, 1);
    assert.deepEqual(view.warnings, [{ severity: 'error', code: 'truncated-block', message: 'cut', offset: 900, packet: 5 }]);
  });

  it('leaves the times out when there are no timed packets', () => {
    const { firstTs: _f, lastTs: _l, ...rest } = fakeInfo();
    const view = captureInfoView(rest);
    for (const k of ['firstTime', 'lastTime', 'firstTimeUtc', 'lastTimeUtc', 'duration']) assert.ok(!(k in view), k);
  });

  it('formats helpers', () => {
    assert.equal(describeResolution(MICROSECONDS), 'µs (10^-6 s)');
    assert.equal(describeResolution({ base: 10, exponent: 7, unitsPerSec: 1e7, coarsened: false }), '10^-7 s');
    assert.equal(formatNanoseconds(-1_500_000_000n), '-1.500000000');
    assert.equal(formatNanoseconds(42n), '0.000000042');
    assert.equal(formatUtc({ sec: 0, frac: 1, unitsPerSec: 1e9 }), '1970-01-01T00:00:00.000000001Z');
    assert.equal(formatUtc({ sec: 1e15, frac: 0, unitsPerSec: 1e9 }), undefined);
  });
});

describe('readCaptureInfo', () => {
  it('reads a sample with progress', async () => {
    const progress: [number, number][] = [];
    const info = await readCaptureInfo(sample('mixed-linktypes.pcapng'), { onProgress: (a, b) => progress.push([a, b]) });
    const view = captureInfoView(info);
    assert.equal(view.format, 'pcapng');
    assert.equal(view.packets, 22);
    assert.deepEqual(
      view.interfaces.map((i) => [i.linkType, i.linkTypeName, i.packets]),
      [
        [1, 'ETHERNET', 11],
        [276, 'LINUX_SLL2', 11],
      ],
    );
    assert.ok(progress.length > 0);
    assert.deepEqual(progress.at(-1), [view.bytes, view.bytes]);
  });

  it('reads classic pcap', async () => {
    const view = captureInfoView(await readCaptureInfo(sample('refused.pcap')));
    assert.equal(view.format, 'pcap');
    assert.equal(view.packets, 2);
    assert.equal(view.interfaces[0]!.resolution, 'µs (10^-6 s)');
  });

  it('rejects once its signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readCaptureInfo(sample('http-keepalive.pcapng'), { signal: controller.signal }), (e: Error) => e.name === 'AbortError');
  });

  it('rejects for a missing file', async () => {
    await assert.rejects(readCaptureInfo(sample('no-such-file.pcapng')), /ENOENT/);
  });
});

describe('throttle', () => {
  it('passes calls at most once per interval, forced calls always', () => {
    let t = 0;
    const seen: number[] = [];
    const f = throttle(100, (n: number) => seen.push(n), () => t);
    f(false, 1);
    t = 50;
    f(false, 2);
    f(true, 3);
    t = 160;
    f(false, 4);
    t = 200;
    f(false, 5);
    assert.deepEqual(seen, [1, 3, 4]);
  });
});
