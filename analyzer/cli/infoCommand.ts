import { CaptureInfoCollector, captureInfoText } from '../capture/captureInfo';
import { captureInfoView } from '../capture/captureInfoView';
import { readCaptureFile } from '../io/readCaptureFile';
import type { ParsedArgs } from './args';
import { captureArgument, type Output } from './output';

/** `info <capture> [--json]`: the capture's structure; reading problems are part of the report. */
export async function infoCommand(args: ParsedArgs, io: Output): Promise<number> {
  const file = captureArgument(args.positional);
  const collector = new CaptureInfoCollector();
  const info = collector.result(await readCaptureFile(file, collector));
  if (args.flags.has('json')) io.out(JSON.stringify({ file, ...captureInfoView(info) }, null, 2) + '\n');
  else io.out(captureInfoText(info, file));
  return info.warnings.some((w) => w.severity === 'error') ? 1 : 0;
}
