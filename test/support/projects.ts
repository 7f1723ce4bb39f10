import type { Core } from '../../app/core/core.js';
import type { Project } from '../../shared/domain/project.js';

/**
 * The 2-class lesion project a new data folder has beside its tissue project (the default one
 * since issue 23 item 7), for tests whose masks, counts or probabilities assume two classes.
 */
export function lesionProject(core: Core): Project {
  const project = core.projectRepository.findByName('Lesions');
  if (!project) throw new Error('no "Lesions" project: a new data folder should have one');
  return project;
}
