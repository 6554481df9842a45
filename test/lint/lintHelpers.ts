import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCParser } from '../../analyzer/io/cParserFiles';
import { lintFile, type LintResult } from '../../analyzer/lint/lintFile';

/** Lints a file of the repository, headers found beside it. */
export async function lintPath(path: string): Promise<LintResult> {
  return lintFile(path, readFileSync(path, 'utf8'), await loadCParser(), async (from, name) => {
    const p = join(dirname(from), name);
    return existsSync(p) ? { path: p, text: readFileSync(p, 'utf8') } : null;
  });
}

/** Lints source text given here (C unless the name says otherwise). */
export async function lintText(text: string, file = 'test.c'): Promise<LintResult> {
  return lintFile(file, text, await loadCParser(), async () => null);
}
