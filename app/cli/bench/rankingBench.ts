/**
 * Does "most uncertain first" put the worst masks first? (`mammoseg bench --suite ranking`,
 * issue 20.) Every DDSM tissue image is predicted by a model (default the shipped starter) the way
 * Segment does (the pectoral view rule, the review score), and its mask is scored against its
 * label map at the image's resolution (four-label mean Dice). Then, for the old measure (mean
 * entropy inside the breast), the review score (the case list's ranking now) and its TTA part
 * alone: the Spearman correlation with 1 - Dice and the share of the 10 worst masks in the top 10.
 * A case the model finds is no mammogram ranks above every other, as the case list shows it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { classAgreement } from '../../../shared/mask/metrics.js';
import { densityClasses } from '../../../shared/measure/density.js';
import { preprocess } from '../../../shared/preprocess/preprocess.js';
import { pixelsFromBytes } from '../../core/cases/pixelBytes.js';
import { modelGrid } from '../../core/engine/modelGrid.js';
import type { BenchRecord } from './record.js';
import { spearman, topShare } from './rankStats.js';
import { openTissueProject, readTissueLabels } from './tissueProject.js';

export interface RankingBenchOptions {
  tissueDir: string;
  backend: EnginePreference;
  modelDir: string;
  /** The k of "the k worst in the top k". */
  top?: number;
}

interface Scored {
  name: string;
  dice: number;
  entropy: number;
  review: number;
  disagreement: number;
  drivers: string[];
  notMammogram: string | null;
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

export async function* runRankingBench(options: RankingBenchOptions): AsyncGenerator<BenchRecord> {
  const top = options.top ?? 10;
  const project = await openTissueProject(options.tissueDir, options.backend);
  const { core, projectId } = project;
  try {
    const labelFiles = new Map(readdirSync(join(options.tissueDir, 'labels')).map((f) => [f.replace(/_LI\.png$/, '.png'), f]));
    const classNames = core.projectRepository.get(projectId).labelSchema.map((c) => c.name);
    const tissue = densityClasses(classNames) ?? undefined;
    const grid = modelGrid(options.modelDir);
    const engine = core.engines().engines[0]!;
    const scored: Scored[] = [];
    let backend = 'unknown';
    for (const name of project.images) {
      const label = labelFiles.get(name);
      if (!label) throw new Error(`no label map for ${name}`);
      const caseId = project.caseOf.get(name)!;
      const detail = core.caseRepository.getDetail(caseId);
      const { pixels, meta } = core.caseRepository.blobsOf(caseId);
      const { input, placement } = preprocess(
        { pixels: pixelsFromBytes(core.blobs.get(pixels), meta.pixelType), meta },
        { ...grid, laterality: detail.laterality },
      );
      const options_ = { ...(tissue ? { tissue, view: detail.viewPosition } : {}), review: true };
      const { prediction } = await engine.request(
        { type: 'predict', modelDir: options.modelDir, image: { input, placement }, options: options_ },
        [input.buffer as ArrayBuffer],
      );
      backend = prediction.backend;
      const truth = await readTissueLabels(join(options.tissueDir, 'labels', label));
      const classes = classAgreement(prediction.labels, truth, classNames.length);
      const review = prediction.review!;
      scored.push({
        name,
        dice: classes.reduce((s, c) => s + c.dice, 0) / classes.length,
        entropy: prediction.meanEntropy,
        // As the case list ranks: a case flagged "not a mammogram" comes first.
        review: review.score + (review.notMammogram ? 10 : 0),
        disagreement: review.disagreement,
        drivers: review.drivers,
        notMammogram: review.notMammogram,
      });
    }
    const badness = scored.map((s) => 1 - s.dice);
    const measures: [string, (s: Scored) => number][] = [
      ['mean_entropy', (s) => s.entropy],
      ['review_score', (s) => s.review],
      ['tta_disagreement', (s) => s.disagreement],
    ];
    const worst = [...scored].sort((a, b) => a.dice - b.dice).slice(0, top);
    const config = { images: scored.length, model: options.modelDir, top, worst: worst.map((s) => `${s.name} ${round3(s.dice)}`) };
    for (const [measure, of] of measures) {
      const values = scored.map(of);
      yield { name: `ranking.${measure}.spearman`, value: round3(spearman(values, badness)), unit: 'rho vs 1-Dice', backend, config };
      yield {
        name: `ranking.${measure}.top${top}_share`,
        value: round3(topShare(values, badness, top)),
        unit: `of the ${top} worst`,
        backend,
      };
    }
    yield {
      name: 'ranking.per_image',
      value: scored.length,
      unit: 'images',
      config: {
        images: scored.map((s) => ({
          name: s.name,
          dice: round3(s.dice),
          entropy: round3(s.entropy),
          review: round3(s.review),
          drivers: s.drivers,
          ...(s.notMammogram ? { notMammogram: s.notMammogram } : {}),
        })),
      },
    };
  } finally {
    await core.engines().close();
    core.close();
  }
}
