#!/usr/bin/env node
'use strict';
// Runs the compiled CLI; `pnpm build` (tsc -b) produces dist/.
let main;
try {
  ({ main } = require('../dist/main.js'));
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/main.js')) {
    console.error('tfzoo: the CLI is not built yet; run `pnpm build` (or `npx pnpm@10 build`) first.');
    process.exit(1);
  }
  throw e;
}
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
