import { expect, test } from '@playwright/test';
import { sharedFile } from '../support/paths.js';
import { revisionCount, storedMask } from './support/api.js';
import { ddsmTissueData, pickTissueProject } from './support/ddsmProject.js';
import { openCase } from './support/reading.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

// Issue 23 item 3: the eraser and "Remove islands" inside the breast give back the tissue
// around them, not background holes. Before, both wrote background (0) inside the breast.
const DDSM = sharedFile('mammo/ddsm-tissue');
const NAME = 'A_0003_1.RIGHT_MLO';
const SIZE = { width: 480, height: 960 };

/** A point whose disc of radius `r` holds fibroglandular tissue (2) and no background: inside the breast. */
function fibroglandularInside(labels: Uint8Array, r: number): { x: number; y: number } {
  for (let y = r; y < SIZE.height - r; y += 4) {
    for (let x = r; x < SIZE.width - r; x += 4) {
      if (labels[y * SIZE.width + x] !== 2) continue;
      let inside = true;
      for (let dy = -r; dy <= r && inside; dy++)
        for (let dx = -r; dx <= r && inside; dx++) inside = labels[(y + dy) * SIZE.width + x + dx] !== 0;
      if (inside) return { x, y };
    }
  }
  throw new Error('no fibroglandular tissue well inside the breast');
}

/** Pixels that were breast (any class but background) and are background now. */
function holes(before: Uint8Array, after: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== 0 && after[i] === 0) n++;
  return n;
}

test('erasing and removing islands inside the breast leave tissue, not background holes', async ({ page }) => {
  test.skip(!DDSM, 'the shared data folder (../shared/data) with the DDSM tissue maps is absent');
  const dataDir = ddsmTissueData(DDSM!, [NAME]);
  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    await pickTissueProject(page);
    const caseId = await openCase(page, `${NAME}.png`);
    const original = await storedMask(page.request, server.origin, caseId);
    const viewer = new ViewerDriver(page, SIZE);

    // The eraser (default: the class around it) across fibroglandular tissue inside the fat.
    const at = fibroglandularInside(original, 14);
    await page.keyboard.press('e');
    await page.getByLabel('Brush radius').fill('8');
    let revisions = await revisionCount(page.request, server.origin, caseId);
    await viewer.stroke({ x: at.x - 4, y: at.y }, { x: at.x + 4, y: at.y });
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(revisions + 1);
    const erased = await storedMask(page.request, server.origin, caseId);
    let changed = 0;
    for (let i = 0; i < erased.length; i++) if (erased[i] !== original[i]) changed++;
    expect(changed, 'the eraser changed something').toBeGreaterThan(0);
    expect(holes(original, erased), 'background holes punched in the breast').toBe(0);

    // A small island of fibroglandular tissue painted in the fat, then "Remove islands": it becomes fat again.
    await page.keyboard.press('b');
    await page.getByLabel('Class', { exact: true }).selectOption({ label: '2 fibroglandular' });
    await page.getByLabel('Brush radius').fill('3');
    const fat = (() => {
      for (let y = 300; y < SIZE.height; y += 4)
        for (let x = 20; x < SIZE.width; x += 4) {
          let allFat = true;
          for (let dy = -10; dy <= 10 && allFat; dy++)
            for (let dx = -10; dx <= 10 && allFat; dx++) allFat = erased[(y + dy) * SIZE.width + x + dx] === 1;
          if (allFat) return { x, y };
        }
      throw new Error('no fat region');
    })();
    revisions = await revisionCount(page.request, server.origin, caseId);
    await viewer.stroke(fat, { x: fat.x + 1, y: fat.y }, 2);
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(revisions + 1);
    const painted = await storedMask(page.request, server.origin, caseId);
    expect(painted[fat.y * SIZE.width + fat.x]).toBe(2);
    await page.getByLabel('Smallest island kept (pixels)').fill('100');
    await page.getByRole('button', { name: 'Remove islands' }).click();
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(revisions + 2);
    const cleaned = await storedMask(page.request, server.origin, caseId);
    expect(cleaned[fat.y * SIZE.width + fat.x], 'the island gives back the fat around it').toBe(1);
    expect(holes(painted, cleaned), 'background holes punched in the breast').toBe(0);
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
