#!/usr/bin/env node
// The `trigger-happy` command: a shim that runs the built command (out/main/cli.js), so the bin
// entry works from a clone after `npm run build` and from an installed package alike.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(`trigger-happy: ${fileURLToPath(cli)} is missing. Run npm run build first.\n`);
  process.exit(1);
}
await import(cli.href);
