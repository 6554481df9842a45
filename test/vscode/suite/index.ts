/**
 * Loaded by VS Code's extension host (`--extensionTestsPath`), compiled to
 * out/test/vscode/suite/index.js: runs every `*.vscode.js` beside it under mocha (tdd UI).
 *
 * The test files are named `*.vscode.ts`, not `*.test.ts`, so that `npm test`'s node:test run
 * (which takes every `test/**\/*.test.ts`) leaves them alone: they `import 'vscode'`, which exists
 * only inside VS Code. test/vscode/vscodeHost.test.ts runs them there instead.
 *
 * Env (from the launching process): VSCODE_TEST_GREP, a mocha --grep pattern.
 */

import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec' });
  if (process.env.VSCODE_TEST_GREP) mocha.grep(process.env.VSCODE_TEST_GREP);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.vscode.js')).sort();
  if (files.length === 0) return Promise.reject(new Error(`no *.vscode.js test files in ${__dirname}`));
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed.`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
