// @ts-check
'use strict';

/**
 * Three bundles, all written to dist/:
 *   - dist/extension.js  the VS Code extension host entry (Node, `vscode` left external), and
 *     dist/analysisWorker.js, the worker thread it runs analyses in
 *   - dist/webview.js    the script the summary panel loads (browser, no eval: the webview CSP forbids it),
 *     and dist/editor.js, the capture editor's page
 *   - dist/cli.js        the analyzer CLI, a CommonJS library so that bin/winsock-replay.js can
 *                        `require('../dist/cli.js').main`
 *
 * `npm run build` is `webpack --mode production`, `npm run build:dev` the development mode. Type
 * checking is `tsc --noEmit -p .`; ts-loader only transpiles.
 *
 * `devtool` is the same plain 'source-map' in every mode: webpack's development default is an
 * eval-* variant, which the webview's Content-Security-Policy would refuse to run.
 */

const path = require('path');
const CopyPlugin = require('copy-webpack-plugin');

/**
 * The C/C++ parser's WebAssembly (web-tree-sitter's runtime and the two grammars from their npm
 * packages), copied to dist/wasm/ where analyzer/io/cParserFiles.ts finds it beside the bundle:
 * the packaged extension and the CLI need no node_modules and download nothing.
 */
const parserWasm = () => new CopyPlugin({
  patterns: [
    { from: require.resolve('web-tree-sitter/tree-sitter.wasm'), to: 'wasm/tree-sitter.wasm' },
    { from: path.join(path.dirname(require.resolve('tree-sitter-c/package.json')), 'tree-sitter-c.wasm'), to: 'wasm/tree-sitter-c.wasm' },
    { from: path.join(path.dirname(require.resolve('tree-sitter-cpp/package.json')), 'tree-sitter-cpp.wasm'), to: 'wasm/tree-sitter-cpp.wasm' },
  ],
});

const dist = path.resolve(__dirname, 'dist');

/** @type {import('webpack').RuleSetRule} */
const typescriptRule = {
  test: /\.ts$/,
  exclude: /node_modules/,
  use: [
    {
      loader: 'ts-loader',
      options: {
        transpileOnly: true,
        configFile: path.resolve(__dirname, 'tsconfig.json'),
        // ES modules let webpack tree-shake and concatenate; tsconfig's `commonjs` is for tsc/tsx.
        compilerOptions: { module: 'es2022', sourceMap: true },
      },
    },
  ],
};

/**
 * @param {import('webpack').Configuration} config
 * @returns {import('webpack').Configuration}
 */
function withDefaults(config) {
  return {
    context: __dirname,
    devtool: 'source-map',
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [typescriptRule] },
    // Bundles are loaded from disk, never over a network: size hints are noise.
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
    ...config,
  };
}

/** @type {import('webpack').Configuration[]} */
module.exports = [
  withDefaults({
    name: 'extension',
    target: 'node',
    entry: { extension: './extension/extension.ts', analysisWorker: './extension/analysisWorker.ts' },
    output: {
      path: dist,
      filename: '[name].js',
      libraryTarget: 'commonjs2',
      devtoolModuleFilenameTemplate: '../[resource-path]',
    },
    externals: { vscode: 'commonjs vscode' },
    plugins: [parserWasm()],
  }),
  withDefaults({
    name: 'webview',
    target: 'web',
    entry: { webview: './webview/main.ts', editor: './webview/editor/main.ts' },
    output: {
      path: dist,
      filename: '[name].js',
      devtoolModuleFilenameTemplate: '../[resource-path]',
    },
  }),
  withDefaults({
    name: 'cli',
    target: 'node',
    entry: { cli: './analyzer/cli/main.ts' },
    output: {
      path: dist,
      filename: '[name].js',
      library: { type: 'commonjs2' },
      devtoolModuleFilenameTemplate: '../[resource-path]',
    },
    plugins: [parserWasm()],
  }),
];
