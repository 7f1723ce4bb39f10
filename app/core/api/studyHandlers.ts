/** The study and measurement channels, spread into createHandlers like the PACS ones. */
import type { Core } from '../core.js';
import type { Handlers } from './handlerTypes.js';
import { caseDensities, listStudies } from '../studies/listStudies.js';
import { caseMeasurements } from '../studies/measurements.js';

export function createStudyHandlers(core: Core): Pick<Handlers, 'listStudies' | 'getMeasurements' | 'listDensities'> {
  return {
    listStudies: ({ projectId }) => {
      core.projectRepository.requireProject(projectId);
      return listStudies(core, projectId);
    },
    getMeasurements: ({ caseId }) => caseMeasurements(core, caseId),
    listDensities: ({ projectId }) => {
      core.projectRepository.requireProject(projectId);
      return caseDensities(core, projectId);
    },
  };
}
