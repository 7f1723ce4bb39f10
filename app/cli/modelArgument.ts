/** `--model V|DIR` of the commands that run a model on files (`evaluate`, `refine`, `bench`). */
import { withCore } from './withCore.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TISSUE_LABEL_SCHEMA } from '../../shared/domain/projectTemplates.js';
import { readModelConfig } from '../core/engine/modelGrid.js';
import { resolveProject } from './project.js';

/** A model folder (tfjs layers) or a version name in the data folder's registry. */
export interface ModelArgument {
  dir: string;
  numClasses: number;
  name: string;
  /** The project's class names, or the tissue classes for a 4-class folder; null when unknown. */
  classNames: string[] | null;
}

export function resolveModelArgument(model: string, data: string | undefined, projectName: string | undefined): ModelArgument {
  const folder = resolve(model);
  if (existsSync(join(folder, 'model.json'))) {
    const { numClasses } = readModelConfig(folder);
    // A bare folder names no classes; 4 are taken to be the starter's tissue classes.
    return {
      dir: folder,
      numClasses,
      name: folder,
      classNames: numClasses === TISSUE_LABEL_SCHEMA.length ? TISSUE_LABEL_SCHEMA.map((c) => c.name) : null,
    };
  }
  return withCore({ data }, (core) => {
    const project = resolveProject(core, projectName);
    const version = core.models.list(project.id).find((m) => m.version === model);
    if (!version)
      throw new Error(
        `no model "${model}": give a model folder or one of ${
          core.models
            .list(project.id)
            .map((m) => m.version)
            .join(', ') || '(no versions yet)'
        }`,
      );
    return {
      dir: core.models.dirOf(version.id),
      numClasses: Number(version.config.numClasses),
      name: version.version,
      classNames: project.labelSchema.map((c) => c.name),
    };
  });
}
