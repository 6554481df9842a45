/**
 * Differential check against the `pcap-parser` npm package for classic microsecond pcap (the only
 * variant it reads): same packet count, timestamps, lengths and bytes for every such file we ship.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basename } from 'node:path';
import { captureFiles, bytesOf } from './fixtures';
import { read } from './harness';

// No types are published for pcap-parser.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pcapParser = require('pcap-parser') as {
  parse(path: string): NodeJS.EventEmitter;
};

interface TheirPacket {
  header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number };
  data: Buffer;
}

function theirs(path: string): Promise<TheirPacket[]> {
  return new Promise((resolve, reject) => {
    const out: TheirPacket[] = [];
    const p = pcapParser.parse(path);
    p.on('packet', (pkt: TheirPacket) => out.push(pkt));
    p.on('error', reject);
    p.on('end', () => resolve(out));
  });
}

/** Classic pcap with the microsecond magic in either byte order. */
function isMicrosecondPcap(bytes: Uint8Array): boolean {
  const m = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  return m === 0xa1b2c3d4 || m === 0xd4c3b2a1;
}

const files = captureFiles().filter((f) => isMicrosecondPcap(bytesOf(f)));

test('there are microsecond pcap files to compare', () => {
  assert.ok(files.length >= 5, `only ${files.length} files`);
});

for (const file of files) {
  test(`pcap-parser agrees on ${basename(file)}`, async () => {
    const ours = read(bytesOf(file)).packets;
    const their = await theirs(file);
    assert.ok(ours.length > 0);
    assert.equal(ours.length, their.length);
    for (let i = 0; i < ours.length; i++) {
      const a = ours[i]!;
      const b = their[i]!;
      assert.equal(a.ts.sec, b.header.timestampSeconds, `packet ${a.n} seconds`);
      assert.equal(a.ts.frac, b.header.timestampMicroseconds, `packet ${a.n} microseconds`);
      assert.equal(a.ts.unitsPerSec, 1e6);
      assert.equal(a.caplen, b.header.capturedLength);
      assert.equal(a.len, b.header.originalLength);
      assert.deepEqual(a.data, new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength));
    }
  });
}
