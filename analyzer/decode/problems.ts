import type { DecodeLayer, DecodeProblem, ProblemKind, ProblemSink } from './types';

/**
 * Problems are rare, so this is the one place that builds strings; the list is created on the
 * first problem so clean packets carry only a null.
 */
export function addProblem(sink: ProblemSink, layer: DecodeLayer, kind: ProblemKind, message: string): void {
  const problem: DecodeProblem = { layer, kind, message };
  if (sink.problems === null) sink.problems = [problem];
  else sink.problems.push(problem);
  if (kind === 'truncated' && sink.truncated === null) sink.truncated = layer;
}

/** The standard wording: "<what> truncated: need N bytes, have M". */
export function addTruncated(sink: ProblemSink, layer: DecodeLayer, what: string, need: number, have: number): void {
  addProblem(sink, layer, 'truncated', `${what} truncated: need ${need} bytes, have ${have}`);
}
