import { formatSeconds } from '../capture/timestamp';
import { annotateFile } from '../io/annotateFile';
import { readCaptureFile } from '../io/readCaptureFile';
import { socketView } from '../replay/analyzeView';
import { ReplayStream } from '../replay/replayStream';
import { FrameTexts } from '../views/frameTexts';
import { replayOptionsFrom } from './analyzeCommand';
import { UsageError, type ParsedArgs } from './args';
import { captureArgument, warningLine, type Output } from './output';
import { Progress } from './progress';

const KNOWN_FLAGS = new Set(['output', 'local', 'profile', 'api', 'mask', 'app']);

/**
 * `annotate <capture> -o <out.pcapng> [options]`: the capture again, identical in packets and
 * timestamps (every block and option kept; classic pcap converted to pcapng), with an
 * `opt_comment` on every packet that caused FD_* events, e.g.
 * `FD_CLOSE(WSAECONNABORTED) on 10.0.0.5:50412 [windows; documented: FD_CLOSE(WSAECONNRESET)]`.
 * Wireshark shows them as packet comments (`frame.comment`).
 *
 * Two passes over the file: the replay decides the comments, then the annotator copies the
 * capture with them. Memory holds the comments, not the packets.
 */
export async function annotateCommand(args: ParsedArgs, io: Output): Promise<number> {
  for (const f of args.flags.keys()) if (!KNOWN_FLAGS.has(f)) throw new UsageError(`unknown option --${f} for annotate`);
  const file = captureArgument(args.positional);
  const output = args.flags.get('output');
  if (output === undefined || output === true) throw new UsageError('annotate needs -o <out.pcapng>');
  if (output === file) throw new UsageError('the output must not overwrite the input');
  const { options, local } = replayOptionsFrom(args);

  const comments = FrameTexts.comments(options.profile);
  let errors = 0;
  const stream = new ReplayStream(options, local, (t) => comments.add(socketView(t)), (w) => {
    if (w.severity === 'error') errors++;
    io.err(warningLine(file, w));
  });
  const progress = new Progress(io, file);
  await readCaptureFile(file, stream, { reuseRecords: true, onProgress: (d, t) => progress.update(d, t) });
  progress.done();
  const end = stream.finish();
  for (const n of end.notes) io.err(`winsock-replay: ${file}: warning: ${n}\n`);

  const result = await annotateFile(file, output, comments.of);
  for (const p of result.problems) {
    io.err(`winsock-replay: ${file}: ${p.severity}: ${p.message}\n`);
    if (p.severity === 'error') errors++;
  }
  io.out(
    `${output}: ${result.framesWritten} packets written (${result.format === 'pcap' ? 'converted from pcap to pcapng' : 'pcapng'}), ` +
    `${result.framesAnnotated} with FD_* comments from ${end.sockets} sockets` +
    `${end.firstTs !== null ? ` (capture from ${formatSeconds(end.firstTs)})` : ''}\n`,
  );
  return errors > 0 ? 1 : 0;
}
