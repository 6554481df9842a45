import { open, rename, rm } from 'node:fs/promises';
import { CaptureAnnotator, type AnnotateProblem, type CommentsFor } from '../annotate/captureAnnotator';

export interface AnnotateFileResult {
  readonly format: CaptureAnnotator['format'];
  readonly framesWritten: number;
  readonly framesAnnotated: number;
  readonly problems: readonly AnnotateProblem[];
}

const CHUNK = 1024 * 1024;

/**
 * The Node edge of the annotator: streams `input` through it into `output` one chunk at a time,
 * so memory does not grow with the file. The output is written to a temporary name and renamed
 * when complete, so a failed run never leaves a half-written capture under the asked-for name.
 */
export async function annotateFile(input: string, output: string, commentsFor: CommentsFor, signal?: AbortSignal): Promise<AnnotateFileResult> {
  const annotator = new CaptureAnnotator(commentsFor);
  const partial = `${output}.partial`;
  const src = await open(input, 'r');
  try {
    const dst = await open(partial, 'w');
    try {
      const buf = new Uint8Array(CHUNK);
      const write = async (parts: Uint8Array[]): Promise<void> => {
        for (const p of parts) if (p.length > 0) await dst.write(p);
      };
      for (;;) {
        signal?.throwIfAborted();
        const { bytesRead } = await src.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        // The annotator's output never points into `buf`, so it can be read into again.
        await write(annotator.push(buf.subarray(0, bytesRead)));
      }
      await write(annotator.end());
    } finally {
      await dst.close();
    }
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  } finally {
    await src.close();
  }
  await rename(partial, output);
  return { format: annotator.format, framesWritten: annotator.framesWritten, framesAnnotated: annotator.framesAnnotated, problems: annotator.problems };
}
