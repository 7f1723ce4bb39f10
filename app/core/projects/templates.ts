/**
 * First start: turn the still-empty default project into a template's project (issue 13), so a
 * new user's first Segment runs the tissue starter rather than an untrained lesion network.
 * Only an empty project changes classes: once cases, masks or model versions exist, the class
 * indexes in them would silently change meaning.
 */
import { AppFailure } from '../../../shared/contract/result.js';
import type { Project } from '../../../shared/domain/project.js';
import { PROJECT_TEMPLATES, type ProjectTemplateId } from '../../../shared/domain/projectTemplates.js';
import type { Db } from '../db/open.js';
import { inTransaction } from '../db/transaction.js';
import type { ProjectRepository } from './projectRepository.js';

export function applyProjectTemplate(db: Db, projects: ProjectRepository, projectId: number, templateId: ProjectTemplateId): Project {
  const template = PROJECT_TEMPLATES.find((t) => t.id === templateId);
  if (!template) throw new AppFailure('not-found', `no project template "${templateId}"`);
  projects.requireProject(projectId);
  return inTransaction(db, () => {
    if (projects.hasContent(projectId))
      throw new AppFailure(
        'conflict',
        'a template applies only to an empty project (no cases or models yet); create a new project instead',
      );
    return projects.replaceLabelSchema(projectId, template.labelSchema);
  });
}
