/** The files under a folder an importer reads, recursively, in name order, hidden entries skipped. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function walkFiles(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkFiles(path, accept));
    else if (entry.isFile() && accept(entry.name)) out.push(path);
  }
  return out;
}
