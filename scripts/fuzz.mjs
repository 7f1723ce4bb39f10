#!/usr/bin/env node
// `node scripts/fuzz.mjs [--count 1000] [--seed 1] [--scope full|quick] [--data DIR] [--hang-ms 5000]`
// Feeds seeded mutations of the shared samples (../shared/data) through the real import path and
// prints the figures: files tried, imported, failed cleanly, crashes, hangs, peak RSS, slowest
// file. The generator and the runner are the TypeScript of test/fuzz/ (the unit test runs 300 of
// the same cases); Vite, already a dev dependency, loads them, as Vitest does for the tests.
// Exit status 1 when any file crashed, hung or failed without a plain reason.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer, createServerModuleRunner } from 'vite';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    scope: { type: 'string', default: 'full' },
    data: { type: 'string', default: resolve('../shared/data') },
    'hang-ms': { type: 'string', default: '5000' },
  },
});
const dataRoot = resolve(values.data);
if (!existsSync(dataRoot)) {
  console.error(`No shared data at ${dataRoot} (../shared/data beside the repository); pass --data DIR.`);
  process.exit(2);
}
warnIfBuildIsStale();

const server = await createServer({
  configFile: false,
  root: process.cwd(),
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
const load = (path) => runner.import(path);
const [{ fuzzCases }, { loadSources }, { runCampaign, describeFigures }, { openFuzzImporter }] = await Promise.all([
  load('/test/fuzz/mutate.ts'),
  load('/test/fuzz/sources.ts'),
  load('/test/fuzz/campaign.ts'),
  load('/test/fuzz/importer.ts'),
]);

const count = Number(values.count);
const sources = loadSources(dataRoot, values.scope === 'quick' ? 'quick' : 'full');
console.log(`${count} cases, seed ${values.seed}, from ${sources.length} sources in ${dataRoot}`);
const importer = openFuzzImporter();
let figures;
try {
  figures = await runCampaign(fuzzCases(sources, { seed: Number(values.seed), count }), importer.importFile, {
    hangMs: Number(values['hang-ms']),
    onCase: (record, index) => {
      if ((index + 1) % 100 === 0) console.log(`  ${index + 1} / ${count} (last: ${record.name}, ${record.ms} ms)`);
      if (record.outcome === 'crash' || record.outcome === 'unclear')
        console.log(`  ! ${record.name}: ${record.outcome}: ${record.detail}`);
    },
  });
} finally {
  importer.close();
  await runner.close();
  await server.close();
}
console.log(describeFigures(figures));
process.exit(figures.crashes.length || figures.hangs.length || figures.unclear.length ? 1 : 0);

/** The import decodes in worker threads that load the built JavaScript under dist/. */
function warnIfBuildIsStale() {
  const stale = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) {
        const built = join('dist', path.replace(/\.ts$/, '.js'));
        if (!existsSync(built) || statSync(built).mtimeMs < statSync(path).mtimeMs) stale.push(path);
      }
    }
  };
  walk('app/core/imaging');
  if (stale.length) {
    console.warn(
      `note: dist/ is older than ${stale.join(', ')}; the import's decode workers run the built code, so run \`npx tsc -b\` first.`,
    );
  }
}
