import { z } from 'zod';
import { EpochMetricsSchema, TrainMetricsSchema } from './trainingRecord.js';

export const ModelVersionSchema = z.object({
  id: z.number().int().positive(),
  version: z.string(),
  parentId: z.number().int().positive().nullable(),
  origin: z.enum(['starter', 'initialised', 'trained', 'imported']),
  config: z.record(z.string(), z.unknown()),
  /** What training measured (null for versions that were not trained here). */
  metrics: TrainMetricsSchema.nullable(),
  training: z.record(z.string(), z.unknown()).nullable(),
  durationS: z.number().nullable(),
  backend: z.string().nullable(),
  createdAt: z.string(),
  active: z.boolean(),
});
export type ModelVersion = z.infer<typeof ModelVersionSchema>;

export const EngineStatusSchema = z.object({
  /** Null until the engine has been started once in this host. */
  backend: z.string().nullable(),
  attempts: z.array(z.object({ backend: z.string(), ok: z.boolean(), reason: z.string() })),
  engines: z.number().int().nonnegative(),
  crashes: z.number().int().nonnegative(),
  models: z.array(ModelVersionSchema),
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

export const SegmentReportSchema = z.object({
  modelVersion: z.string().nullable(),
  segmented: z.array(z.object({ caseId: z.number().int(), revisionId: z.number().int(), durationMs: z.number(), meanEntropy: z.number() })),
  skipped: z.array(z.object({ caseId: z.number().int(), reason: z.string() })),
  failed: z.array(z.object({ caseId: z.number().int(), reason: z.string() })),
});
export type SegmentReport = z.infer<typeof SegmentReportSchema>;

export const SegmentProgressSchema = z.object({
  runId: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  current: z.number().int().nullable(),
  failed: z.number().int().nonnegative(),
});
export type SegmentProgress = z.infer<typeof SegmentProgressSchema>;

export const TrainingProgressSchema = z.object({
  runId: z.string(),
  epoch: z.number().int(),
  epochs: z.number().int(),
  step: z.number().int(),
  steps: z.number().int(),
  loss: z.number().nullable(),
  metrics: EpochMetricsSchema.nullable(),
  etaS: z.number().nullable(),
});
export type TrainingProgress = z.infer<typeof TrainingProgressSchema>;

export const TrainingFinishedSchema = z.object({
  runId: z.string(),
  version: ModelVersionSchema.nullable(),
  error: z.string().nullable(),
});
export type TrainingFinished = z.infer<typeof TrainingFinishedSchema>;

export const VersionAgreementSchema = z.object({
  modelVersion: z.string(),
  cases: z.number().int(),
  meanDice: z.number(),
  meanChanged: z.number(),
  /** Reviewed cases whose final label is the prediction unchanged: not in the figures (they would inflate them). */
  unchanged: z.number().int(),
});
export type VersionAgreementView = z.infer<typeof VersionAgreementSchema>;

/**
 * A class's probability from the latest prediction, on the model's grid (size x size, 0..255),
 * and where that grid sits on the image: image x (after the optional flip) / step = grid x, image y / stepY = grid y.
 */
export const ProbabilityMapSchema = z.object({
  size: z.number().int().positive(),
  /** Across; `stepY` down (they differ for a 'fill' model). */
  step: z.number().positive(),
  stepY: z.number().positive(),
  flip: z.boolean(),
  classIndex: z.number().int(),
  modelVersion: z.string(),
});
export type ProbabilityMap = z.infer<typeof ProbabilityMapSchema>;
