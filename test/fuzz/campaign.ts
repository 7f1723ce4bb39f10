/**
 * Runs fuzz cases through an import function one file at a time and keeps the figures: what was
 * imported, what failed cleanly (a reason in words, naming the file), what crashed, what took too
 * long, and the process's peak memory. Shared by test/unit/imaging/fuzz.test.ts (a few hundred
 * cases) and scripts/fuzz.mjs (a thousand and more).
 */
import type { FuzzCase } from './mutate.js';

/** What one import of one file came to, as the import report tells it. */
export type ImportResult = { kind: 'imported' | 'duplicate' } | { kind: 'failed'; name: string; reason: string };

/** Phrases a failure reason must never contain: they describe JavaScript, not the file. */
export const INTERNAL_PHRASES = [
  'typed array',
  'DataView',
  'undefined',
  'is not a function',
  'CHECK constraint',
  'constraint failed', // NOT NULL too: a NaN reached the database
  'Cannot read properties',
  'RangeError',
] as const;

export interface CaseRecord {
  name: string;
  how: string;
  ms: number;
  /** The failure reason, the crash's message, or why the reason is not acceptable. */
  detail?: string;
}

export interface Figures {
  tried: number;
  imported: number;
  duplicates: number;
  failedCleanly: number;
  /** Failures whose reason does not name the file or speaks JavaScript. */
  unclear: CaseRecord[];
  /** The import itself threw (it must report every failure instead). */
  crashes: CaseRecord[];
  /** Files that took longer than the per-file bound. */
  hangs: CaseRecord[];
  slowest: CaseRecord | undefined;
  /** Peak resident memory of this process (bytes): the kernel's high-water mark, and our samples. */
  peakRss: number;
  sampledPeakRss: number;
  /** Failure reasons with how often each occurred (digits folded), most frequent first. */
  reasons: [string, number][];
  seconds: number;
}

export interface CampaignOptions {
  /** A file taking longer than this is counted as a hang. */
  hangMs: number;
  /** Called after each file, e.g. for progress output. */
  onCase?: (record: CaseRecord & { outcome: string }, index: number) => void;
}

function unclearBecause(c: FuzzCase, result: Extract<ImportResult, { kind: 'failed' }>): string | undefined {
  if (result.name !== c.name) return `reported as "${result.name}"`;
  if (!result.reason.trim()) return 'empty reason';
  const phrase = INTERNAL_PHRASES.find((p) => result.reason.toLowerCase().includes(p.toLowerCase()));
  if (phrase) return `says "${phrase}": ${result.reason}`;
  if (/\n/.test(result.reason)) return `more than one line: ${result.reason}`;
  return undefined;
}

export async function runCampaign(
  cases: Iterable<FuzzCase>,
  importFile: (name: string, bytes: Uint8Array) => Promise<ImportResult>,
  options: CampaignOptions,
): Promise<Figures> {
  const started = performance.now();
  let sampledPeakRss = process.memoryUsage.rss();
  // Samples between files too (a decode in a worker thread runs while this one waits).
  const sampler = setInterval(() => (sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage.rss())), 20);
  const figures: Figures = {
    tried: 0,
    imported: 0,
    duplicates: 0,
    failedCleanly: 0,
    unclear: [],
    crashes: [],
    hangs: [],
    slowest: undefined,
    peakRss: 0,
    sampledPeakRss: 0,
    reasons: [],
    seconds: 0,
  };
  const reasons = new Map<string, number>();
  try {
    for (const c of cases) {
      const t0 = performance.now();
      let outcome: string;
      let detail: string | undefined;
      try {
        const result = await importFile(c.name, c.bytes);
        outcome = result.kind;
        if (result.kind !== 'failed') {
          if (result.kind === 'imported') figures.imported++;
          else figures.duplicates++;
        } else {
          detail = unclearBecause(c, result);
          outcome = detail ? 'unclear' : 'failed';
          if (!detail) {
            figures.failedCleanly++;
            const key = result.reason.replace(/\d+/g, 'N');
            reasons.set(key, (reasons.get(key) ?? 0) + 1);
          }
          detail ??= result.reason;
        }
      } catch (error) {
        outcome = 'crash';
        detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      const record: CaseRecord = {
        name: c.name,
        how: c.how,
        ms: Math.round(performance.now() - t0),
        ...(detail !== undefined && { detail }),
      };
      figures.tried++;
      if (outcome === 'crash') figures.crashes.push(record);
      if (outcome === 'unclear') figures.unclear.push(record);
      if (record.ms > options.hangMs) figures.hangs.push(record);
      if (!figures.slowest || record.ms > figures.slowest.ms) figures.slowest = record;
      sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage.rss());
      options.onCase?.({ ...record, outcome }, figures.tried - 1);
    }
  } finally {
    clearInterval(sampler);
  }
  figures.sampledPeakRss = sampledPeakRss;
  // maxRSS is in kilobytes, and covers the whole life of the process (workers included)
  figures.peakRss = Math.max(sampledPeakRss, process.resourceUsage().maxRSS * 1024);
  figures.reasons = [...reasons.entries()].sort((a, b) => b[1] - a[1]);
  figures.seconds = (performance.now() - started) / 1000;
  return figures;
}

/** The figures as a few lines of text (scripts/fuzz.mjs prints them; the test logs them). */
export function describeFigures(f: Figures): string {
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  const lines = [
    `files tried      ${f.tried} in ${f.seconds.toFixed(1)} s`,
    `imported         ${f.imported} (+ ${f.duplicates} duplicates of an earlier file)`,
    `failed cleanly   ${f.failedCleanly}`,
    `unclear reasons  ${f.unclear.length}`,
    `crashes          ${f.crashes.length}`,
    `hangs            ${f.hangs.length}`,
    `peak RSS         ${mb(f.peakRss)} (sampled between files: ${mb(f.sampledPeakRss)})`,
    `slowest file     ${f.slowest ? `${f.slowest.name} (${f.slowest.how}): ${f.slowest.ms} ms` : '-'}`,
  ];
  for (const r of [...f.crashes, ...f.unclear, ...f.hangs].slice(0, 20))
    lines.push(`  ! ${r.name} (${r.how}, ${r.ms} ms): ${r.detail ?? ''}`);
  lines.push('most frequent reasons:');
  for (const [reason, n] of f.reasons.slice(0, 12)) lines.push(`  ${String(n).padStart(4)}  ${reason}`);
  return lines.join('\n');
}
