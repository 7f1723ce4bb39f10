/**
 * `mammoseg train`'s options for a new model, derived from the model-config schema
 * (shared/domain/modelConfig.ts): the flag and help from NEW_MODEL_OPTIONS, the choices of an
 * enum field, the parser of a number field, a boolean field as a bare switch. No default is set
 * here: an absent option leaves the schema's default (or a fine-tune's parent) in charge.
 */
import { Option } from 'commander';
import { z } from 'zod';
import {
  ModelConfigSchema,
  NEW_MODEL_OPTION_KEYS,
  NEW_MODEL_OPTIONS,
  type NewModelOptionKey,
  type NewModelOptions,
} from '../../shared/domain/modelConfig.js';
import { int } from './options.js';

/** The schema field under its defaults (`.default()` wraps it). */
function fieldOf(key: NewModelOptionKey): z.ZodType {
  const field = ModelConfigSchema.shape[key];
  return field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
}

/** The attribute commander stores an option under: the long flag in camelCase (`--input-size` -> inputSize). */
function attributeOf(key: NewModelOptionKey): string {
  const long = NEW_MODEL_OPTIONS[key].flag.split(' ')[0]!.replace(/^--/, '');
  return long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** One commander Option per new-model field, in NEW_MODEL_OPTIONS order. */
export function newModelCliOptions(): Option[] {
  return NEW_MODEL_OPTION_KEYS.map((key) => {
    const { flag, help } = NEW_MODEL_OPTIONS[key];
    const option = new Option(flag, help);
    const field = fieldOf(key);
    if (field instanceof z.ZodEnum) return option.choices(field.options as string[]);
    if (field instanceof z.ZodNumber) return option.argParser(field.isInt ? int : Number.parseFloat);
    return option;
  });
}

/** The new-model fields of a parsed command line, only those given. */
export function newModelRecipe(options: Record<string, unknown>): NewModelOptions {
  const recipe: Record<string, unknown> = {};
  for (const key of NEW_MODEL_OPTION_KEYS) {
    const value = options[attributeOf(key)];
    // `--skips` absent is undefined, as the recipe had it: only what was asked is passed on.
    if (value !== undefined && value !== false) recipe[key] = value;
  }
  return recipe as NewModelOptions;
}
