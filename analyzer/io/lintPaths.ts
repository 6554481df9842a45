import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { IncludeReader } from '../lint/lintFile';

/** The files `lint` reads: C and C++ sources and headers. */
export const C_EXTENSIONS = new Set(['.c', '.h', '.cpp', '.cc', '.cxx', '.hpp', '.hh', '.hxx', '.inl']);
/** Folders never worth walking into. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.vs', 'build', 'out', 'dist', 'Debug', 'Release', 'x64', 'obj', 'bin']);

/** The C/C++ files of the paths given (files as they are, folders walked), sorted; paths that do not exist are returned apart. */
export function collectCFiles(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name));
      } else if (e.isFile() && C_EXTENSIONS.has(extname(e.name).toLowerCase())) files.push(join(dir, e.name));
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) missing.push(p);
    else if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
  return { files: [...new Set(files)].sort(), missing };
}

/**
 * `#include "name"` as a compiler looks for it: beside the including file, then in each
 * include folder given; failing that, a header of the same name among the files being linted
 * (the workspace's headers), when exactly one has that name.
 */
export function fileIncludeReader(includeDirs: readonly string[], workspaceFiles: readonly string[]): IncludeReader {
  const byName = new Map<string, string[]>();
  for (const f of workspaceFiles) {
    const k = basename(f).toLowerCase();
    byName.set(k, [...(byName.get(k) ?? []), f]);
  }
  return async (from, name) => {
    for (const dir of [dirname(from), ...includeDirs]) {
      const p = resolve(dir, name);
      if (existsSync(p) && statSync(p).isFile()) return { path: p, text: readFileSync(p, 'utf8') };
    }
    const same = byName.get(basename(name).toLowerCase());
    if (same?.length === 1) return { path: resolve(same[0]!), text: readFileSync(same[0]!, 'utf8') };
    return null;
  };
}
