import { AppFailure } from '../../../shared/contract/result.js';
import { DEFAULT_LABEL_SCHEMA, type LabelSchema, type Project } from '../../../shared/domain/project.js';
import { PROJECT_TEMPLATES } from '../../../shared/domain/projectTemplates.js';
import type { Db } from '../db/open.js';

interface ProjectRow {
  id: number;
  name: string;
  created_at: string;
}
interface ClassRow {
  name: string;
  color: string;
}

export class ProjectRepository {
  constructor(private readonly db: Db) {}

  list(): Project[] {
    const rows = this.db.prepare('SELECT id, name, created_at FROM projects ORDER BY id').all() as ProjectRow[];
    return rows.map((row) => this.toProject(row));
  }

  get(id: number): Project {
    const row = this.db.prepare('SELECT id, name, created_at FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
    if (!row) throw new AppFailure('not-found', `project ${id} does not exist`);
    return this.toProject(row);
  }

  /** Throws not-found unless the project exists; for requests that name a project and read something else. */
  requireProject(id: number): void {
    if (!this.db.prepare('SELECT 1 FROM projects WHERE id = ?').get(id)) throw new AppFailure('not-found', `project ${id} does not exist`);
  }

  findByName(name: string): Project | undefined {
    const row = this.db.prepare('SELECT id, name, created_at FROM projects WHERE name = ?').get(name) as ProjectRow | undefined;
    return row && this.toProject(row);
  }

  create(name: string, labelSchema: LabelSchema = DEFAULT_LABEL_SCHEMA): Project {
    const insertClass = this.db.prepare('INSERT INTO label_classes (project_id, position, name, color) VALUES (?, ?, ?, ?)');
    const id = this.db.transaction(() => {
      const info = this.db.prepare('INSERT INTO projects (name, created_at) VALUES (?, ?)').run(name, new Date().toISOString());
      const projectId = Number(info.lastInsertRowid);
      labelSchema.forEach((c, position) => insertClass.run(projectId, position, c.name, c.color.toLowerCase()));
      return projectId;
    })();
    return this.get(id);
  }

  /** Replaces the classes; callers check nothing uses the old indexes (templates.ts). */
  replaceLabelSchema(id: number, labelSchema: LabelSchema): Project {
    const insertClass = this.db.prepare('INSERT INTO label_classes (project_id, position, name, color) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM label_classes WHERE project_id = ?').run(id);
      labelSchema.forEach((c, position) => insertClass.run(id, position, c.name, c.color.toLowerCase()));
    })();
    return this.get(id);
  }

  /**
   * The project a command or window opens when none is named: the first. A new data folder starts
   * with one project per template, tissue first (issue 23 item 7): a newcomer's first import and
   * Segment then run the trained starter, not an untrained lesion network; the lesion project
   * stays one choice away. Older folders keep their first project ("Default").
   */
  /** Whether anything refers to the project's class indexes yet: a case, a model version or a reserved one. */
  hasContent(id: number): boolean {
    return (
      (this.db.prepare('SELECT 1 FROM cases WHERE project_id = ? LIMIT 1').get(id) ??
        this.db.prepare('SELECT 1 FROM model_versions WHERE project_id = ? LIMIT 1').get(id) ??
        this.db.prepare('SELECT 1 FROM model_reservations WHERE project_id = ? LIMIT 1').get(id)) !== undefined
    );
  }

  ensureDefault(): Project {
    const first = this.list()[0];
    if (first) return first;
    return this.db.transaction(() => PROJECT_TEMPLATES.map((t) => this.create(t.title, t.labelSchema))[0]!)();
  }

  private toProject(row: ProjectRow): Project {
    const classes = this.db
      .prepare('SELECT name, color FROM label_classes WHERE project_id = ? ORDER BY position')
      .all(row.id) as ClassRow[];
    return { id: row.id, name: row.name, createdAt: row.created_at, labelSchema: classes };
  }
}
