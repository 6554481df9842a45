import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLogRecord, journalRecord, packetCommentRecord } from '../../analyzer/logs/formats/pcapngJournal';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import type { LogProblem, LogRecord } from '../../analyzer/logs/logRecord';
import { concat, PcapngWriter } from '../helpers/captureBuilder';

const enc = new TextEncoder();

/** The Journal Export binary field form: `KEY\n`, u64 LE length, the bytes, `\n`. */
function binaryField(key: string, value: string): Uint8Array {
  const v = enc.encode(value);
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(v.length), true);
  return concat(enc.encode(key + '\n'), len, v, enc.encode('\n'));
}

// The entry etl2pcapng writes for a non-packet event (etw-formats.md §2f, src/main.c
// ParseProviderEvent): timestamp, provider, formatted message. AFD 1003 text from the §1.1 template.
const AFD_MESSAGE = 'send: 1: Process 0xFFFFC08F2E6A9080, Endpoint 0xFFFFC08F31D5D010, Buffer Count 1, Buffer 0x000001D2C3B4A000, Length 512, Seq 7020, Status 0';
const AFD_ENTRY = enc.encode(`__REALTIME_TIMESTAMP=1743088339937105\n_COMM=Microsoft-Windows-Winsock-AFD\nMESSAGE=${AFD_MESSAGE}\n`);
const TCPIP_MESSAGE = 'TCP: connection 0xFFFFE189BD811AA0 (local=10.0.0.5:50100 remote=93.184.216.34:443) connect completed. PID = 2604.\nsecond line';
const TCPIP_ENTRY = concat(enc.encode('__REALTIME_TIMESTAMP=1743088339000001\n_COMM=Microsoft-Windows-TCPIP\n'), binaryField('MESSAGE', TCPIP_MESSAGE));

test('text-form entry: µs since 1970 to exact UTC, _COMM is the provider, MESSAGE the message', () => {
  assert.deepEqual(journalRecord(AFD_ENTRY, 1234, 3), {
    line: 3,
    time: { sec: 1743088339, ns: 937105000, zone: 'utc' },
    provider: 'Microsoft-Windows-Winsock-AFD',
    eventId: null,
    pid: null,
    tid: null,
    fields: {},
    message: AFD_MESSAGE,
  });
});

test('binary-form field (value with a newline) and extra fields kept', () => {
  const entry = concat(TCPIP_ENTRY, enc.encode('_PID=2604\nPRIORITY=6\n\n'));
  const r = journalRecord(entry, 0, 1);
  assert.ok(isLogRecord(r));
  assert.equal(r.message, TCPIP_MESSAGE);
  assert.deepEqual(r.time, { sec: 1743088339, ns: 1000, zone: 'utc' });
  assert.equal(r.pid, 2604);
  assert.deepEqual(r.fields, { _PID: '2604', PRIORITY: '6' });
});

test('broken entries are problems naming the block offset; a missing timestamp is a record without time', () => {
  const cut = binaryField('MESSAGE', 'hello world').subarray(0, 15);
  const p1 = journalRecord(concat(enc.encode('_COMM=x\n'), cut), 4096, 7);
  assert.ok(!isLogRecord(p1));
  assert.equal(p1.line, 7);
  assert.match(p1.message, /byte 4096/);
  assert.ok(!isLogRecord(journalRecord(new Uint8Array(0), 8, 1)));
  assert.ok(!isLogRecord(journalRecord(enc.encode('\n\n'), 8, 1)));
  const noTime = journalRecord(enc.encode('_COMM=x\nMESSAGE=m\n__REALTIME_TIMESTAMP=soon\n'), 0, 2);
  assert.ok(isLogRecord(noTime));
  assert.equal(noTime.time, null);
  assert.equal(noTime.message, 'm');
});

test('packet comments: PID=<pid> TID=<tid>, with trailing text, or none', () => {
  assert.deepEqual(packetCommentRecord(12, ['PID=2604 TID=8140']), {
    line: 12,
    time: null,
    provider: 'etl2pcapng',
    eventId: null,
    pid: 2604,
    tid: 8140,
    fields: { frame: '12', pid: '2604', tid: '8140' },
    message: 'PID=2604 TID=8140',
  });
  // 802.11 packets get more text after the ids (§5.1; its exact layout is not known).
  const wifi = packetCommentRecord(3, ['other', 'PID=4 TID=100 Packet Metadata: ReceiveFlags 0x0'], { sec: 1, ns: 2, zone: 'utc' });
  assert.equal(wifi?.pid, 4);
  assert.deepEqual(wifi?.time, { sec: 1, ns: 2, zone: 'utc' });
  assert.equal(packetCommentRecord(1, ['no ids here']), null);
  assert.equal(packetCommentRecord(1, undefined), null);
});

test('through the real capture reader: journal blocks and packet comments reach the parsers', async () => {
  // An etl2pcapng-shaped file: SHB, one Ethernet IDB, packets with the PID comment, events as
  // journal blocks (type 9) between them.
  const frame = new Uint8Array(60);
  const bytes = new PcapngWriter()
    .shb()
    .idb(1)
    .epb(0, 0x00063146, 0x4e3b5a51, frame, { options: [{ code: 1, value: 'PID=2604 TID=8140' }] })
    .journal(AFD_ENTRY)
    .epb(0, 0x00063146, 0x4e3b5a52, frame)
    .journal(TCPIP_ENTRY)
    .journal(concat(enc.encode('_COMM=x\n'), binaryField('MESSAGE', 'hello world').subarray(0, 15)))
    .bytes();
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  const path = join(dir, 'etl2pcapng.pcapng');
  writeFileSync(path, bytes);
  const records: LogRecord[] = [];
  const problems: LogProblem[] = [];
  const blockOffsets: number[] = [];
  let journals = 0;
  try {
    await readCaptureFile(
      path,
      {
        packet(p) {
          const r = packetCommentRecord(p.n, p.comments);
          if (r !== null) records.push(r);
        },
        block(b) {
          if (b.kind !== 'journal') return;
          blockOffsets.push(b.offset);
          const r = journalRecord(b.entry, b.offset, ++journals);
          if (isLogRecord(r)) records.push(r);
          else problems.push(r);
        },
      },
      { chunkSize: 64 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(journals, 3);
  assert.deepEqual(
    records.map((r) => [r.line, r.provider, r.pid, r.message]),
    [
      [1, 'etl2pcapng', 2604, 'PID=2604 TID=8140'],
      [1, 'Microsoft-Windows-Winsock-AFD', null, AFD_MESSAGE],
      [2, 'Microsoft-Windows-TCPIP', null, TCPIP_MESSAGE],
    ],
  );
  assert.deepEqual(records[1]!.time, { sec: 1743088339, ns: 937105000, zone: 'utc' });
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, 3);
  assert.ok(problems[0]!.message.includes(`byte ${blockOffsets[2]}`));
});
