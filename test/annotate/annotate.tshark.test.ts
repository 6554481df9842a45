/**
 * Every shipped capture (samples/ and test/fixtures/, pcap and pcapng) annotated on a few frames,
 * then checked two ways: tshark must show exactly those comments on exactly those frames (after
 * the comments the file already had), and our reader must see every packet with the same time,
 * interface, lengths, bytes and options as in the input. capinfos and tshark must read the output
 * without a word of complaint.
 */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_USER_APPL } from '../../analyzer/annotate/captureAnnotator';
import { bytesOf, captureFiles } from '../capture/fixtures';
import {
  annotate, assertSamePackets, capinfosPackets, read, run, sampleComments, tempFile, tsharkComments, tsharkFrames, withoutOffset,
} from './helpers';

test('tshark and capinfos are installed (CI installs them from Debian)', () => {
  assert.match(run('tshark', ['--version']).stdout, /TShark/);
  assert.match(run('capinfos', ['-h']).stdout, /Capinfos/);
});

for (const file of captureFiles()) {
  const name = basename(file);
  test(`annotating ${name}: tshark sees exactly the added comments, our reader the same packets`, () => {
    const input = bytesOf(file);
    const before = read(input);
    assert.ok(before.packets.length > 0);
    const last = before.packets.length;
    const added = (n: number): string[] => sampleComments(n, last) ?? [];
    const { out, annotator, asked } = annotate(input, (n) => sampleComments(n, last));

    assert.deepEqual(annotator.problems, []);
    assert.equal(annotator.framesWritten, last);
    assert.equal(annotator.framesAnnotated, before.packets.filter((p) => added(p.n).length > 0).length);
    assert.deepEqual(asked, before.packets.map((p) => p.n), 'commentsFor is asked once per frame, in order');
    assert.equal(annotator.format, name.endsWith('.pcapng') ? 'pcapng' : 'pcap');

    const inPath = file;
    const outPath = tempFile(out);

    // tshark: the comments it saw in the input, then ours, on the same frames; nothing elsewhere.
    const theirsIn = tsharkComments(inPath);
    const theirsOut = tsharkComments(outPath);
    assert.equal(theirsOut.size, theirsIn.size);
    assert.equal(theirsOut.size, last);
    for (const [n, old] of theirsIn) assert.deepEqual(theirsOut.get(n), [...old, ...added(n)], `tshark, frame ${n}`);

    // tshark: the same time, interface, section, lengths, encapsulation and dissection per frame.
    assert.deepEqual(tsharkFrames(outPath), tsharkFrames(inPath));
    assert.equal(capinfosPackets(outPath), capinfosPackets(inPath));

    // Our reader: every packet the same but for the added comments, and nothing to complain about.
    const after = read(out);
    assert.deepEqual(before.warnings, [], 'the input reads cleanly');
    assert.deepEqual(after.warnings, [], 'the output reads cleanly');
    assert.equal(after.summary.format, 'pcapng');
    assertSamePackets(before, after, added, name);

    if (before.summary.format === 'pcapng') {
      assert.deepEqual(after.sections.map(withoutOffset), before.sections.map(withoutOffset));
      assert.deepEqual(after.ifaces.map(withoutOffset), before.ifaces.map(withoutOffset));
      assert.deepEqual(after.blocks.map(withoutOffset), before.blocks.map(withoutOffset));
    } else {
      const [section] = after.sections;
      assert.equal(after.sections.length, 1);
      assert.equal(section!.userAppl, DEFAULT_USER_APPL);
      assert.equal(section!.byteOrder, before.sections[0]!.byteOrder, 'the pcapng keeps the pcap file\'s byte order');
      assert.equal(after.ifaces.length, 1);
      const [i, o] = [before.ifaces[0]!, after.ifaces[0]!];
      assert.deepEqual(
        { linkType: o.linkType, snapLen: o.snapLen, fcsLength: o.fcsLength, tsResolution: o.tsResolution },
        { linkType: i.linkType, snapLen: i.snapLen, fcsLength: i.fcsLength, tsResolution: i.tsResolution },
      );
      assert.deepEqual(after.blocks, []);
    }
  });
}
