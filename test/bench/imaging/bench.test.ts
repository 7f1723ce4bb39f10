import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchDecodeAndDisplay } from '../../../app/core/imaging/bench.js';
import { dicomDir, haveData } from '../../fixtures/imaging/data.js';

const file = path.join(dicomDir, 'MG1_J2KI.dcm');

describe.skipIf(!haveData(dicomDir, 'decode benchmark'))('benchDecodeAndDisplay', () => {
  it('MG1_J2KI (4664x3064 JPEG 2000): decode + first display mapping', async () => {
    await benchDecodeAndDisplay(file); // warm-up: wasm instantiation and JIT
    const r = await benchDecodeAndDisplay(file);
    console.log(`MG1_J2KI decode ${r.decodeMs.toFixed(0)} ms + display ${r.displayMs.toFixed(0)} ms`);
    expect([r.width, r.height]).toEqual([3064, 4664]);
    // Target 1.5 s on an idle machine; other test files run in parallel here, so the hard limit
    // is looser unless MAMMOSEG_BENCH_STRICT is set.
    const limit = process.env.MAMMOSEG_BENCH_STRICT ? 1500 : 4000;
    expect(r.decodeMs + r.displayMs).toBeLessThan(limit);
  });
});
