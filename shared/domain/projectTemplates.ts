/**
 * Project templates offered at first start (issue 13): each says which starter model it comes
 * with, so a new user knows before the first Segment whether predictions mean anything.
 * Pure data; the core applies a template (app/core/projects/templates.ts) and the UI lists
 * them (renderer/src/features/projects).
 */
import { DEFAULT_LABEL_SCHEMA, type LabelSchema } from './project.js';

export type ProjectTemplateId = 'tissue' | 'lesions';

export interface ProjectTemplate {
  id: ProjectTemplateId;
  title: string;
  /** The starter model the project gets, or null: an untrained network until the user trains. */
  starter: string | null;
  /** One line for the chooser: what the first Segment will show. */
  note: string;
  labelSchema: LabelSchema;
}

/** The classes of resources/models/starter (DDSM tissue label maps 64/128/192/255). */
export const TISSUE_LABEL_SCHEMA: LabelSchema = [
  { name: 'background', color: '#000000' },
  { name: 'fatty', color: '#f5d76e' },
  { name: 'fibroglandular', color: '#e0457b' },
  { name: 'pectoral', color: '#4a90d9' },
];

export const PROJECT_TEMPLATES: readonly ProjectTemplate[] = [
  {
    id: 'tissue',
    title: 'Breast tissue',
    starter: 'DDSM tissue',
    note: 'starter model: DDSM tissue (60 mammograms, cross-validated Dice 0.805 over 4 labels, click-guided; a starting point to correct and fine-tune)',
    labelSchema: TISSUE_LABEL_SCHEMA,
  },
  {
    id: 'lesions',
    title: 'Lesions',
    starter: null,
    note: 'no trained model yet: predictions are noise until you train',
    labelSchema: DEFAULT_LABEL_SCHEMA,
  },
];
