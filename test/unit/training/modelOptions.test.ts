/**
 * Issue 24 item 4: one model-config schema. The `train` options of a new model, the recipe's
 * config and the engine's checks all come from shared/domain/modelConfig.ts.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { newModelCliOptions, newModelRecipe } from '../../../app/cli/modelOptions.js';
import { gridFor, newModelConfig, recipeRequest } from '../../../app/core/training/recipe.js';
import { resolveModelConfig } from '../../../app/engine/model/config.js';
import { TRAINING_DEFAULTS } from '../../../shared/domain/trainingSettings.js';
import { FitSchema, NEW_MODEL_DEFAULTS, NEW_MODEL_OPTION_KEYS, parseModelConfig } from '../../../shared/domain/modelConfig.js';

/** Parses `args` as `train` would, with only the new-model options declared. */
function parse(args: string[]): Record<string, unknown> {
  const command = new Command().exitOverride();
  for (const option of newModelCliOptions()) command.addOption(option);
  return command.parse(args, { from: 'user' }).opts();
}

describe('one model-config schema', () => {
  it('gives train one option per new-model field, with the choices of its enum', () => {
    const options = newModelCliOptions();
    expect(options.map((o) => o.long)).toEqual([
      '--input-size',
      '--width',
      '--head',
      '--decoder',
      '--fit',
      '--skips',
      '--guidance',
      '--region',
    ]);
    expect(options.find((o) => o.long === '--fit')!.argChoices).toEqual(FitSchema.options);
    expect(NEW_MODEL_OPTION_KEYS).toHaveLength(options.length);
  });

  it('turns a command line into the recipe fields of a new model, and only those given', () => {
    expect(newModelRecipe(parse(['--width', '0.5', '--input-size', '256', '--fit', 'fill', '--skips']))).toEqual({
      widthMultiplier: 0.5,
      inputSize: 256,
      fit: 'fill',
      skips: true,
    });
    expect(newModelRecipe(parse([]))).toEqual({});
    expect(() => parse(['--fit', 'cover'])).toThrow(/Allowed choices are contain, fill/);
  });

  it("the recipe passes on what it names; the grid and the engine take the schema's defaults for the rest", () => {
    expect(newModelConfig({ fit: 'fill', head: 'k3s2' }, 3, 256)).toEqual({ fit: 'fill', head: 'k3s2', numClasses: 3, inputSize: 256 });
    expect(gridFor(undefined, {})).toEqual({ inputSize: NEW_MODEL_DEFAULTS.inputSize, fit: NEW_MODEL_DEFAULTS.fit });
    expect(NEW_MODEL_DEFAULTS.fit).toBe('contain');
    expect(resolveModelConfig(newModelConfig({}, 4, 64))).toEqual({ ...NEW_MODEL_DEFAULTS, inputSize: 64 });
  });

  it('names the bad field in one message per problem', () => {
    expect(() => parseModelConfig({ ...NEW_MODEL_DEFAULTS, inputSize: 100, fit: 'cover' })).toThrow(
      /inputSize must be a positive multiple of 32, got 100; fit must be 'contain' or 'fill', got "cover"/,
    );
    expect(() => resolveModelConfig({ numClasses: 1 })).toThrow(/numClasses must be >= 2/);
  });

  it("fills a recipe's training settings from the schema's defaults and passes only settings to the engine", () => {
    expect(recipeRequest({ epochs: 3, keep: 'last', fit: 'fill', fromScratch: true }, 640)).toEqual({
      ...TRAINING_DEFAULTS,
      epochs: 3,
      keep: 'last',
      batchSize: 1,
      seed: 1,
    });
    expect(TRAINING_DEFAULTS).toEqual({ epochs: 20, learningRate: 1e-3, diceWeight: 0.5, patience: 4, augment: true });
  });
});
