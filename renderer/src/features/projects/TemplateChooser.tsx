import { useEffect, useState } from 'react';
import type { Project } from '../../../../shared/domain/project.js';
import { PROJECT_TEMPLATES, type ProjectTemplateId } from '../../../../shared/domain/projectTemplates.js';
import { reviewApi } from '../../api/index.js';

const CHOSEN_KEY = 'mammoseg.templateChosen';

/**
 * First start: while the project is empty and no choice is remembered, a banner (not a modal,
 * so nothing is blocked) asks what the project segments; each template says which starter model
 * it uses. Choosing gives the empty project the template's classes.
 */
export function TemplateChooser({ project, onChosen }: { project: Project; onChosen: (p: Project) => void }) {
  const [offer, setOffer] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setOffer(false);
    if (localStorage.getItem(`${CHOSEN_KEY}.${project.id}`) !== null) return;
    void reviewApi.listCases({ projectId: project.id, limit: 1 }).then((r) => r.ok && setOffer(r.value.length === 0));
  }, [project.id]);
  if (!offer) return null;
  const choose = async (templateId: ProjectTemplateId) => {
    const r = await reviewApi.applyProjectTemplate({ projectId: project.id, templateId });
    if (!r.ok) return setError(r.error.message);
    localStorage.setItem(`${CHOSEN_KEY}.${project.id}`, templateId);
    setOffer(false);
    onChosen(r.value);
  };
  return (
    <section className="template-chooser" aria-label="Project template">
      <h2>What will you segment?</h2>
      <ul>
        {PROJECT_TEMPLATES.map((t) => (
          <li key={t.id}>
            <button type="button" onClick={() => void choose(t.id)} title={t.labelSchema.map((c) => c.name).join(', ')}>
              {t.title} ({t.note})
            </button>
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
