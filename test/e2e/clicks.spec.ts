import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, sharedFile, tempDir } from '../support/paths.js';
import { callApi, revisionCount, storedMask } from './support/api.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

const DDSM = sharedFile('mammo/ddsm-tissue');
/** A fatty breast (density A): a wide fatty region inside the breast for a fibroglandular click. */
const IMAGE = 'A_0002_1.RIGHT_MLO.png';
const SIZE = { width: 480, height: 960 };
const CLASSES = 'background:#000000,fatty:#ffd60a,fibroglandular:#ff3b30,pectoral:#0a84ff';
const [FATTY, FIBROGLANDULAR] = [1, 2];
/** Pixels within this radius of the click count as "around the click". */
const AROUND_PX = 12;

/** The tissue projects start from the shipped starter: the click tool needs it to be click-guided. */
const STARTER = join(repoRoot, 'resources/models/starter/model.json');
const starterTakesClicks =
  existsSync(STARTER) &&
  (JSON.parse(readFileSync(STARTER, 'utf8')) as { userDefinedMetadata?: { mammoseg?: { guidance?: string } } }).userDefinedMetadata
    ?.mammoseg?.guidance === 'clicks';

const cli = (...args: string[]) => spawnSync('node', [join(repoRoot, 'bin/mammoseg.js'), ...args], { encoding: 'utf8' });

/** Indices of the pixels within `r` of pixel (x, y). */
function disk(x: number, y: number, r: number): number[] {
  const out: number[] = [];
  for (let dy = -r; dy <= r; dy++)
    for (let dx = -r; dx <= r; dx++) {
      const [px, py] = [x + dx, y + dy];
      if (dx * dx + dy * dy <= r * r && px >= 0 && py >= 0 && px < SIZE.width && py < SIZE.height) out.push(py * SIZE.width + px);
    }
  return out;
}

/** A pixel of the proposal deep inside a fatty region (everything within twice AROUND_PX is fatty), nearest the breast's middle. */
function fattyTarget(proposal: Uint8Array): { x: number; y: number } {
  const candidates: { x: number; y: number }[] = [];
  for (let y = 0; y < SIZE.height; y += 4)
    for (let x = 0; x < SIZE.width; x += 4) if (disk(x, y, 2 * AROUND_PX).every((i) => proposal[i] === FATTY)) candidates.push({ x, y });
  expect(candidates.length, 'the proposal has a fatty region to click in').toBeGreaterThan(0);
  const mid = candidates.reduce((m, c) => ({ x: m.x + c.x / candidates.length, y: m.y + c.y / candidates.length }), { x: 0, y: 0 });
  return candidates.sort((a, b) => Math.hypot(a.x - mid.x, a.y - mid.y) - Math.hypot(b.x - mid.x, b.y - mid.y))[0]!;
}

test('click tool: a fibroglandular click in fatty tissue redraws the mask around it within 1 s; the revision records the click; Ctrl+Z restores the proposal; Esc leaves', async ({
  page,
}) => {
  test.skip(!DDSM, 'the shared data folder (../shared/data) with the DDSM tissue maps is absent');
  test.skip(!starterTakesClicks, 'the shipped starter model (resources/models/starter) was not trained with clicks');
  test.setTimeout(180_000);
  const dataDir = tempDir('mammoseg-clicks-');
  const imported = cli('import', '--data', dataDir, '--project', 'tissue', '--classes', CLASSES, join(DDSM!, 'images', IMAGE));
  expect(imported.status, imported.stderr).toBe(0);
  const segmented = cli('segment', '--all', '--data', dataDir, '--project', 'tissue');
  expect(segmented.status, segmented.stderr).toBe(0);

  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'tissue' });
    const row = page.getByRole('button', { name: new RegExp(IMAGE.replace(/\./g, '\\.')) });
    await row.click();
    await expect(page.locator('canvas.gl-canvas')).toHaveAttribute('data-view', /scale/);
    const caseId = Number(await row.getAttribute('data-case-id'));
    const proposal = await storedMask(page.request, server.origin, caseId);
    const viewer = new ViewerDriver(page, SIZE);
    const target = fattyTarget(proposal);

    // Fibroglandular, then the click tool; picking it readies the model for this case.
    await page.keyboard.press(String(FIBROGLANDULAR));
    await page.keyboard.press('k');
    const readout = page.getByRole('status', { name: 'Click tool' });
    await expect(readout).toHaveText(/that pixel becomes fibroglandular/, { timeout: 60_000 });

    const client = await viewer.toClient({ x: target.x + 0.5, y: target.y + 0.5 });
    const landed = await viewer.toImage(client);
    const hit = { x: Math.floor(landed.x), y: Math.floor(landed.y) };
    const clickedAt = Date.now();
    await page.mouse.click(client.x, client.y);
    // The page times the click to its answer; Playwright's own polling on a loaded machine is not the app's latency.
    await expect(readout).toHaveText(/^1 click · answered in \d+ ms/, { timeout: 10_000 });
    const answer = (await readout.textContent())!;
    console.log(`click tool: ${answer}; seen by the test ${Date.now() - clickedAt} ms after the click`);
    expect(Number(/answered in (\d+) ms/.exec(answer)![1])).toBeLessThan(1000);

    // Stored as "model + clicks" with the click, on top of the proposal.
    const revisions = await callApi<{ id: number; source: string; modelVersion: string; clicks: unknown }[]>(
      page.request,
      server.origin,
      'listRevisions',
      { caseId },
    );
    expect(revisions.map((r) => r.source)).toEqual(['model', 'clicks']);
    expect(revisions[1]).toMatchObject({ modelVersion: revisions[0]!.modelVersion, clicks: [{ ...hit, class: FIBROGLANDULAR }] });
    // Around the click the fatty tissue became fibroglandular.
    const refined = await storedMask(page.request, server.origin, caseId);
    const around = disk(hit.x, hit.y, AROUND_PX);
    const turned = around.filter((i) => proposal[i] === FATTY && refined[i] === FIBROGLANDULAR).length;
    expect(refined[hit.y * SIZE.width + hit.x]).toBe(FIBROGLANDULAR);
    expect(turned / around.length).toBeGreaterThan(0.5);
    await page.getByText(/Revisions \(2\)/).click();
    await expect(page.getByRole('list', { name: 'Mask revisions' })).toContainText(
      `Model ${revisions[0]!.modelVersion} + 1 click · fibroglandular (${hit.x}, ${hit.y})`,
    );

    // Ctrl+Z: back to the proposal, exactly (saved as an undo revision, like any undo).
    await page.keyboard.press('Control+z');
    await expect(readout).toHaveText(/that pixel becomes fibroglandular/);
    await expect.poll(() => revisionCount(page.request, server.origin, caseId), { timeout: 15_000 }).toBe(3);
    expect(await storedMask(page.request, server.origin, caseId)).toEqual(proposal);

    // Esc leaves the click tool for the tool used before (the brush, the first tool of a new reader).
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'Brush', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(readout).toHaveCount(0);
  } finally {
    await server.stop();
  }
});
