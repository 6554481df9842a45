import { Language, Parser, type Tree, type TreeCursor } from 'web-tree-sitter';
import type { Syn } from './syntax';

/*
 * C and C++ parsed by tree-sitter (web-tree-sitter and the tree-sitter-c / tree-sitter-cpp
 * grammars, compiled to WebAssembly by their npm packages): a real parser, so calls split over
 * lines, comments between arguments, casts and macros do not fool the rules. It runs wherever
 * WebAssembly does; the bytes of the three .wasm files come from the caller (analyzer/io/cParserFiles.ts
 * reads them from the extension's own files or node_modules), nothing is downloaded.
 */

export type CLanguage = 'c' | 'cpp';

export interface CParserWasm {
  /** web-tree-sitter's runtime (tree-sitter.wasm). */
  readonly runtime: Uint8Array;
  readonly c: Uint8Array;
  readonly cpp: Uint8Array;
}

export interface CParser {
  /** The file's syntax tree (never null: errors become ERROR nodes, and `hasError` says so). */
  parse(text: string, language: CLanguage): { root: Syn; hasError: boolean };
}

let runtime: Promise<void> | null = null;

/** A parser for both languages. The runtime is started once per process (web-tree-sitter's rule). */
export async function createCParser(wasm: CParserWasm): Promise<CParser> {
  runtime ??= Parser.init({ wasmBinary: wasm.runtime } as unknown as Parameters<typeof Parser.init>[0]);
  await runtime;
  const languages = { c: await Language.load(wasm.c), cpp: await Language.load(wasm.cpp) };
  const parsers = { c: new Parser(), cpp: new Parser() };
  parsers.c.setLanguage(languages.c);
  parsers.cpp.setLanguage(languages.cpp);
  return {
    parse(text, language) {
      const tree = parsers[language].parse(text);
      if (tree === null) throw new Error('tree-sitter returned no tree');
      try {
        return { root: copyTree(tree, text), hasError: tree.rootNode.hasError };
      } finally {
        tree.delete();
      }
    },
  };
}

/** Which grammar reads a file: C for `.c`, C++ for everything else (headers are often shared with C++). */
export function languageOf(path: string): CLanguage {
  return /\.c$/i.test(path) ? 'c' : 'cpp';
}

interface Mutable {
  type: string; field: string | null; start: number; end: number; line: number; column: number;
  endLine: number; endColumn: number; named: boolean; children: Mutable[]; parent: Mutable | null; text: string;
}

/** The tree as plain objects, walked with one cursor (far cheaper than node objects per child). */
function copyTree(tree: Tree, text: string): Syn {
  const cursor: TreeCursor = tree.walk();
  const make = (parent: Mutable | null): Mutable => {
    const s = cursor.startPosition;
    const e = cursor.endPosition;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    return {
      type: cursor.nodeType, field: cursor.currentFieldName, start, end, line: s.row, column: s.column,
      endLine: e.row, endColumn: e.column, named: cursor.nodeIsNamed, children: [], parent, text: text.slice(start, end),
    };
  };
  const root = make(null);
  // Depth first with the cursor: down when there are children, else across, else up and across.
  // `current` is always the parent of the cursor's node.
  let current = root;
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const n = make(current);
      current.children.push(n);
      if (cursor.gotoFirstChild()) {
        current = n;
        continue;
      }
      let more = true;
      while (!cursor.gotoNextSibling()) {
        cursor.gotoParent();
        if (current === root) {
          more = false;
          break;
        }
        current = current.parent!;
      }
      if (!more) break;
    }
  }
  cursor.delete();
  return root;
}
