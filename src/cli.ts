#!/usr/bin/env node
/** Entry point of `npm start` and `node dist/cli.js`; see command.ts for the flags. */
import { main } from './command.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`hw-mock: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
