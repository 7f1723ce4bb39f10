#!/usr/bin/env node
// The `mammoseg` command runs the compiled CLI; `npm run build` produces it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/app/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('MammoSeg is not built yet: run `npm run build` in the project folder first.');
  process.exit(1);
}
await import(entry.href);
