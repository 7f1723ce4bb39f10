/**
 * Learning-rate schedules per epoch. 'constant' is the first recipe (Adam at one rate, the best
 * epoch picked on validation). 'cosine' decays from the base rate to 5% of it over the run
 * (Loshchilov & Hutter 2017, without restarts): the last epoch's weights are settled, so a run
 * of a fixed length chosen by cross-validation needs no validation image to pick an epoch.
 */
export type LearningRateSchedule = 'constant' | 'cosine';

const FLOOR = 0.05;

/** The rate of 1-based `epoch` of `epochs`. */
export function learningRateAt(schedule: LearningRateSchedule, base: number, epoch: number, epochs: number): number {
  if (schedule === 'constant' || epochs <= 1) return base;
  const t = (epoch - 1) / (epochs - 1);
  return base * (FLOOR + ((1 - FLOOR) * (1 + Math.cos(Math.PI * t))) / 2);
}
