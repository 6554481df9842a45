#!/usr/bin/env node
'use strict';

// Thin launcher for the bundled CLI (dist/cli.js, built by webpack). All behaviour lives in
// analyzer/cli/main.ts; this file only connects it to the process.

const fs = require('fs');
const path = require('path');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');

if (!fs.existsSync(bundle)) {
  process.stderr.write(`winsock-replay: ${path.relative(process.cwd(), bundle) || bundle} is missing; run \`npm run build\` first\n`);
  process.exit(2);
}

// `winsock-replay packets x.pcapng | head`: once the reader of our stdout goes away, stop quietly
// instead of dying with an unhandled EPIPE and a stack trace.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
process.stderr.on('error', (err) => {
  if (err && err.code === 'EPIPE') return;
  throw err;
});

const { main } = require(bundle);

// Lets the CLI wait while a slow reader of stdout (a pager, a pipe into a file on a slow disk)
// catches up, instead of buffering the whole output in memory.
const drain = () =>
  process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', resolve)) : Promise.resolve();

main(
  process.argv.slice(2),
  (s) => process.stdout.write(s),
  (s) => process.stderr.write(s),
  drain,
  { out: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, err: Boolean(process.stderr.isTTY) },
  // Large outputs (analyze --json) are written as bytes, with no string made for them.
  (b) => process.stdout.write(b),
).then(
  (code) => {
    process.exitCode = typeof code === 'number' ? code : 0;
  },
  (err) => {
    process.stderr.write(`winsock-replay: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
