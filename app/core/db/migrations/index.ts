import type { Migration } from '../migration.js';
import { migration001 } from './001-initial.js';
import { migration002 } from './002-review-history.js';
import { migration003 } from './003-models.js';
import { migration004 } from './004-model-reservations.js';
import { migration005 } from './005-case-list-indexes.js';
import { migration006 } from './006-revision-provenance.js';
import { migration007 } from './007-pacs.js';
import { migration008 } from './008-studies.js';
import { migration009 } from './009-prediction-placement.js';
import { migration010 } from './010-review-score.js';
import { migration011 } from './011-click-revisions.js';
import { migration012 } from './012-readers.js';
import { migration013 } from './013-source-form.js';
import { migration014 } from './014-case-list.js';

/** Every migration, oldest first. Append only: never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
];
