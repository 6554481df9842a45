import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createCParser, type CParser, type CParserWasm } from '../lint/cParser';

/**
 * Where the three .wasm files are: beside the bundle (dist/wasm/, copied there by
 * webpack.config.js, so the packaged extension needs no node_modules), or in node_modules when
 * running from the sources (tests, tsx).
 */
export function cParserWasmPaths(): { runtime: string; c: string; cpp: string } {
  const bundled = join(__dirname, 'wasm');
  if (existsSync(join(bundled, 'tree-sitter.wasm'))) {
    return { runtime: join(bundled, 'tree-sitter.wasm'), c: join(bundled, 'tree-sitter-c.wasm'), cpp: join(bundled, 'tree-sitter-cpp.wasm') };
  }
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const modules = join(dir, 'node_modules');
    if (existsSync(join(modules, 'web-tree-sitter', 'tree-sitter.wasm'))) {
      return {
        runtime: join(modules, 'web-tree-sitter', 'tree-sitter.wasm'),
        c: join(modules, 'tree-sitter-c', 'tree-sitter-c.wasm'),
        cpp: join(modules, 'tree-sitter-cpp', 'tree-sitter-cpp.wasm'),
      };
    }
    if (dirname(dir) === dir) throw new Error(`the C/C++ parser's .wasm files are neither in ${bundled} nor in a node_modules above ${__dirname}`);
  }
}

let parser: Promise<CParser> | null = null;

/** The process's C/C++ parser, loaded on first use. */
export function loadCParser(): Promise<CParser> {
  parser ??= (async () => {
    const p = cParserWasmPaths();
    const wasm: CParserWasm = { runtime: readFileSync(p.runtime), c: readFileSync(p.c), cpp: readFileSync(p.cpp) };
    return createCParser(wasm);
  })();
  return parser;
}
