import type { Project } from '../../shared/domain/project.js';
import type { Core } from '../core/core.js';

/** The project a command works on: by name, else the first one. */
export function resolveProject(core: Core, name: string | undefined): Project {
  if (!name) return core.defaultProject;
  const project = core.projectRepository.findByName(name);
  if (!project)
    throw new Error(
      `no project named "${name}" (projects: ${core.projectRepository
        .list()
        .map((p) => p.name)
        .join(', ')})`,
    );
  return project;
}

const PALETTE = ['#000000', '#ff3b30', '#34c759', '#0a84ff', '#ffd60a', '#bf5af2', '#ff9f0a', '#64d2ff'];

/** "background,fatty,fibroglandular,pectoral" or "name:#rrggbb,..." into a label schema. */
export function parseClasses(spec: string): { name: string; color: string }[] {
  return spec.split(',').map((part, i) => {
    const [name, color] = part.split(':');
    return { name: name!.trim(), color: (color ?? PALETTE[i % PALETTE.length]!).trim() };
  });
}
