/**
 * Hooks for the Playwright-driven workspace benchmark (`mammoseg bench --suite viewer`),
 * loaded (as a chunk of their own, by benchTarget.ts) only when the page is opened with ?bench. They drive the real controller with
 * real pointer events and report timings; nothing here runs in normal use.
 */
import { benchTarget, setBenchTarget } from './benchRegistry.js';

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const hooks = {
  /** Clicks the case row and waits until image and mask are drawn with the GPU finished. */
  async openCase(name: string): Promise<{ totalMs: number; loadMs: number }> {
    setBenchTarget(null);
    performance.clearMarks('mammoseg:case-data-loaded');
    const started = performance.now();
    const row = [...document.querySelectorAll<HTMLButtonElement>('button.case-row')].find((b) => b.textContent?.includes(name));
    if (!row) throw new Error(`no case row named ${name}`);
    row.click();
    // The target is set by the workspace's effect once the case is drawn.
    let live = benchTarget();
    while (!live) {
      await frame();
      live = benchTarget();
    }
    live.controller.drawNow();
    const loaded = performance.getEntriesByName('mammoseg:case-data-loaded').at(-1)?.startTime ?? Number.NaN;
    return { totalMs: performance.now() - started, loadMs: loaded - started };
  },

  /** Pointer-down, `count` pointer-moves, pointer-up; per segment apply and apply + draw. */
  brush(count: number): { applyP50: number; applyP95: number; totalP50: number; totalP95: number } {
    const target = benchTarget();
    if (!target) throw new Error('open a case first');
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.gl-canvas')!;
    const box = canvas.getBoundingClientRect();
    const at = (i: number) => ({
      clientX: box.left + box.width * (0.3 + (0.4 * i) / count),
      clientY: box.top + box.height * (0.5 + 0.2 * Math.sin(i / 25)),
    });
    const fire = (type: string, i: number, buttons: number) =>
      canvas.dispatchEvent(new PointerEvent(type, { ...at(i), pointerId: 1, button: 0, buttons, bubbles: true, pointerType: 'mouse' }));
    // Each pointer-move's edit: apply (editor), then upload + a synchronous draw with the GPU finished.
    const timings: { applyMs: number; totalMs: number }[] = [];
    let started = 0;
    let applied = 0;
    const { controller } = target;
    controller.editProbe = {
      apply: (run) => {
        started = performance.now();
        const rect = run();
        applied = performance.now();
        return rect;
      },
      uploaded: () => {
        controller.drawNow();
        timings.push({ applyMs: applied - started, totalMs: performance.now() - started });
      },
    };
    fire('pointerdown', 0, 1);
    for (let i = 1; i <= count; i++) fire('pointermove', i, 1);
    fire('pointerup', count, 0);
    const moves = timings.slice(1);
    controller.editProbe = null;
    return {
      applyP50: percentile(
        moves.map((m) => m.applyMs),
        50,
      ),
      applyP95: percentile(
        moves.map((m) => m.applyMs),
        95,
      ),
      totalP50: percentile(
        moves.map((m) => m.totalMs),
        50,
      ),
      totalP95: percentile(
        moves.map((m) => m.totalMs),
        95,
      ),
    };
  },

  /** Paints a radius-60 stroke across the image, then times undo + upload + draw. */
  undoLargeStroke(): { undoMs: number; totalMs: number; changedPixels: number } {
    const target = benchTarget();
    if (!target) throw new Error('open a case first');
    const { editor, controller } = target;
    editor.beginStroke({ kind: 'brush', radius: 60, classIndex: 1 }, { x: 100, y: 100 });
    for (let i = 1; i <= 200; i++)
      editor.moveStroke({ x: 100 + i * ((editor.width - 200) / 200), y: 100 + i * ((editor.height - 200) / 200) });
    editor.endStroke();
    const started = performance.now();
    const rect = editor.undo();
    const undone = performance.now();
    controller.regionsChanged(editor.lastStepRegions);
    controller.drawNow();
    const uploaded = editor.lastStepRegions.reduce((sum, r) => sum + r.width * r.height, 0);
    return { undoMs: undone - started, totalMs: performance.now() - started, changedPixels: rect ? uploaded : 0 };
  },
};

export type BenchHooks = typeof hooks;

export function installBenchHooks(): void {
  (window as unknown as { __mammosegBench: BenchHooks }).__mammosegBench = hooks;
}
