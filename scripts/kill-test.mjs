#!/usr/bin/env node
// Kill test: runs the real CLI (`node bin/mammoseg.js`, after `npm run build`) on a temporary
// data folder and `kill -9`s it at random moments while it imports images, saves mask revisions
// (import-labels), trains a tiny model and exports. After every kill: PRAGMA integrity_check is
// ok, every write the CLI acknowledged on stdout is in the database, no row points at a missing
// or corrupt blob or model file, and the next start (the same command, or `info` after training)
// runs clean and leaves no reservation or stray model folder.
//
//   node scripts/kill-test.mjs [--kills 50] [--train-kills N] [--ops import,labels,train,export] [--seed 1] [--json] [--keep]
//
// The operations run in that order on one data folder (labels need the imported cases, training
// the labels); --ops picks some, but labels and train need import (and labels) before them.
// Exit status 0 when no failure was found, 1 otherwise, 2 when the CLI is not built.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { checkDataFolder, leftoversAfterStart, lostAcknowledged } from './kill-test/checks.mjs';
import { labelsFor, random, writeImages, writeLabelMaps } from './kill-test/fixtures.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BIN = join(ROOT, 'bin', 'mammoseg.js');
const CLI_ENTRY = join(ROOT, 'dist', 'app', 'cli', 'index.js');
const RLE = join(ROOT, 'dist', 'shared', 'mask', 'rle.js');
const IMAGES_PER_ROUND = 40;
/** A run that takes longer than this is hung, not slow. */
const RUN_LIMIT_MS = 180_000;

const { values: args } = parseArgs({
  options: {
    kills: { type: 'string', default: '50' },
    'train-kills': { type: 'string' },
    ops: { type: 'string', default: 'import,labels,train,export' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
if (!existsSync(CLI_ENTRY)) {
  console.error('MammoSeg is not built: run `npm run build` first.');
  process.exit(2);
}
const { decodeMaskRle } = await import(new URL(`file://${RLE}`).href);
const kills = Number(args.kills);
const trainKills = Number(args['train-kills'] ?? args.kills);
const rand = random(Number(args.seed));
const work = mkdtempSync(join(tmpdir(), 'mammoseg-kill-'));
const data = join(work, 'data');
const exportRoot = join(work, 'exports');
mkdirSync(exportRoot);
const env = { ...process.env, MAMMOSEG_BACKEND: 'wasm', MAMMOSEG_USER: 'kill-test' };
const log = (line) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);

/** Runs the CLI; with `killAfterMs`, sends SIGKILL then unless it has exited. */
function runCli(cliArgs, killAfterMs) {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...cliArgs], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const kill = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
    const timer = killAfterMs === undefined ? null : setTimeout(kill, killAfterMs);
    const hung = setTimeout(kill, RUN_LIMIT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(hung);
      done({ code, signal, stdout, stderr, ms: performance.now() - started, killed: signal === 'SIGKILL' && killAfterMs !== undefined });
    });
  });
}

const lines = (text, pattern) => text.split('\n').flatMap((l) => (pattern.exec(l) ? [pattern.exec(l)[1]] : []));

const between = (n, low, high) => n > low && n < high;
function query(sql, ...params) {
  const db = new Database(join(data, 'mammoseg.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).get(...params);
  } finally {
    db.close();
  }
}
const casesNamed = (names) => query(`SELECT count(*) AS n FROM cases WHERE source_name IN (${names.map(() => '?').join(',')})`, ...names).n;
const reservationCount = () => query('SELECT count(*) AS n FROM model_reservations').n;

/**
 * Each operation: `prepare(round)` makes this round's inputs and returns the command, how to
 * read its acknowledgements from stdout, the command the next start runs, the context the
 * acknowledgement check needs, and whether a kill caught it half-way through its writes.
 */
let labelCases = [];
const OPERATIONS = {
  import: (round) => {
    const dir = join(work, 'images', `r${round}`);
    const names = writeImages(dir, round, IMAGES_PER_ROUND);
    if (round === 0) labelCases = names;
    const command = ['import', dir, '--data', data];
    return {
      command,
      restart: command,
      // "imported NAME" per file where the CLI prints it; the summary acknowledges them all.
      acks: (out) => {
        const each = lines(out, /^imported (.+)$/).map((n) => basename(n));
        const summary = /^Imported \d+, skipped \d+ duplicate\(s\), failed 0 /m.test(out);
        return summary ? [...new Set([...each, ...names])] : each;
      },
      interrupted: () => between(casesNamed(names), 0, names.length),
    };
  },
  labels: (round) => {
    const dir = join(work, 'labels', `r${round}`);
    const files = writeLabelMaps(dir, labelCases, round);
    const command = ['import-labels', '--from', dir, '--format', 'label-map', '--data', data];
    return {
      command,
      restart: command,
      acks: (out) => lines(out, /^processed (.+)$/),
      interrupted: (out) => between(lines(out, /^processed (.+)$/).length, 0, files.size),
      context: { files, decode: decodeMaskRle, expected: (caseName) => labelsFor(caseName, round) },
    };
  },
  train: () => ({
    command: [
      'train',
      '--data',
      data,
      '--backend',
      'wasm',
      '--from-scratch',
      '--all-labelled',
      '--input-size',
      '64',
      '--width',
      '0.125',
      '--epochs',
      '2',
      '--batch',
      '2',
      '--no-augment',
    ],
    restart: ['info', '--data', data, '--backend', 'wasm', '--json'],
    acks: (out) => lines(out, /^Model (\S+) \(/),
    interrupted: () => reservationCount() > 0,
  }),
  export: (round) => {
    const out = join(exportRoot, `r${round}`);
    const command = [
      'export',
      '--format',
      'png',
      '--out',
      out,
      '--state',
      'unreviewed',
      'in_progress',
      'accepted',
      'corrected',
      '--data',
      data,
    ];
    return {
      command,
      restart: [...command, '--force'],
      acks: (text) => lines(text, /^Exported \d+ case\(s\).* into (.+)$/),
      interrupted: () => readdirSync(exportRoot).some((n) => n.startsWith(`.r${round}.partial-`)),
    };
  },
};

// Always in this order: labels need imported cases, training needs labels.
const ops = Object.keys(OPERATIONS).filter((op) => args.ops.split(',').includes(op));

function emptyFigures() {
  return {
    runs: 0,
    kills: 0,
    killedMidWrite: 0,
    finishedBeforeKill: 0,
    integrityFailures: 0,
    lostAcknowledged: 0,
    acknowledged: 0,
    danglingReferences: 0,
    uncleanRestarts: 0,
    problems: [],
  };
}

/** Checks the folder after a run (killed or not) and adds what is wrong to `figures`. */
function inspect(figures, op, step, acks, context) {
  const state = checkDataFolder(data, exportRoot);
  if (state.integrity !== 'ok' || state.foreignKeyViolations) {
    figures.integrityFailures++;
    figures.problems.push(`${step}: integrity ${state.integrity}, ${state.foreignKeyViolations} foreign key violation(s)`);
  }
  figures.danglingReferences += state.dangling.length;
  figures.problems.push(...state.dangling.map((d) => `${step}: ${d}`));
  const lost = lostAcknowledged(data, op, acks, context);
  figures.acknowledged += acks.length;
  figures.lostAcknowledged += lost.length;
  figures.problems.push(...lost.map((l) => `${step}: acknowledged but missing: ${l}`));
}

/**
 * Round 0 runs to the end: it sets up what later operations need and times the command. Kills
 * then fall uniformly between most of `startup` (starting node and opening the data folder,
 * where nothing is written) and the end of the command.
 */
async function runOperation(op, killCount, startup) {
  const figures = emptyFigures();
  let duration = 0;
  for (let round = 0; round <= killCount; round++) {
    const spec = OPERATIONS[op](round);
    const from = Math.min(0.9 * startup, 0.5 * duration);
    const killAt = round === 0 ? undefined : from + rand() * (duration - from);
    const run = await runCli(spec.command, killAt);
    figures.runs++;
    if (round === 0 && run.code !== 0) throw new Error(`${op}: the unkilled run failed (${run.code}):\n${run.stderr}`);
    // The load of a shared machine changes: the latest whole run is the best estimate.
    if (!run.killed) duration = run.ms;
    if (run.killed) figures.kills++;
    else if (round > 0) figures.finishedBeforeKill++;
    const step = `${op} round ${round}${run.killed ? ` (killed at ${Math.round(killAt)} ms)` : ''}`;
    inspect(figures, op, step, spec.acks(run.stdout), spec.context);
    if (!run.killed) continue;
    if (spec.interrupted(run.stdout)) figures.killedMidWrite++;
    // The next start: the same command (or `info`) must run clean on what the kill left.
    const again = await runCli(spec.restart);
    const left = leftoversAfterStart(data);
    if (again.code !== 0 || left.reservations || left.orphanModelFolders.length) {
      figures.uncleanRestarts++;
      figures.problems.push(
        `${step}, next start: exit ${again.code}, ${left.reservations} reservation(s), stray model folders [${left.orphanModelFolders}] ${again.stderr.trim().split('\n').at(-1) ?? ''}`,
      );
    }
    inspect(figures, op, `${step}, next start`, spec.acks(again.stdout), spec.context);
  }
  return figures;
}

/** Temporary files a kill left that nothing references (disk space, not correctness). */
function tempLeftovers() {
  const walk = (dir) =>
    existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((n) => /\.tmp$|\.partial-|\.training-/.test(String(n))) : [];
  return { blobs: walk(join(data, 'blobs')).length, models: walk(join(data, 'models')).length, exports: walk(exportRoot).length };
}

const results = {};
const started = performance.now();
try {
  mkdirSync(join(work, 'empty'));
  const startup = (await runCli(['import', join(work, 'empty'), '--data', data])).ms;
  for (const op of ops) {
    const n = op === 'train' ? trainKills : kills;
    log(`${op}: ${n} kill(s)...`);
    results[op] = await runOperation(op, n, startup);
    const f = results[op];
    log(
      `${op}: ${f.kills} kills (${f.killedMidWrite} half-way through writing; ${f.finishedBeforeKill} runs finished first), ${f.integrityFailures} integrity failures, ` +
        `${f.lostAcknowledged}/${f.acknowledged} acknowledged writes lost, ${f.danglingReferences} dangling references, ${f.uncleanRestarts} unclean restarts`,
    );
    for (const p of f.problems.slice(0, 10)) log(`  ${p}`);
  }
} finally {
  const summary = {
    seconds: Math.round((performance.now() - started) / 1000),
    dataFolder: data,
    operations: results,
    tempLeftovers: existsSync(data) ? tempLeftovers() : null,
  };
  if (args.json) console.log(JSON.stringify(summary, null, 2));
  else log(`temporary files left by kills (unreferenced): ${JSON.stringify(summary.tempLeftovers)}; ${summary.seconds} s`);
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}
const failed = Object.values(results).some((f) => f.integrityFailures || f.lostAcknowledged || f.danglingReferences || f.uncleanRestarts);
process.exitCode = failed ? 1 : 0;
