// Puts drawings of the basemap on the page: in a worker where the browser allows (worker-canvas.ts,
// basemap-worker.ts), otherwise on the page, at once. Either way the caller learns, in the same
// task as the new drawing becomes the one shown, that it did: it moves the element then.
import {
  drawLabels,
  drawShapes,
  pathOf,
  type DrawShape,
  type DrawView,
  type LabelSpec,
  type ShapeSpec,
} from './basemap-draw.ts';
import type { BasemapRequest } from './basemap-worker.ts';
import { WorkerCanvas, workerCanvasSupported } from './worker-canvas.ts';

export interface Painter {
  /** What to put in the map pane and move: a canvas, or the worker's two canvases in a box. */
  readonly element: HTMLElement;
  /** Where drawings are made: in the worker or on the page (on the element for tests). */
  readonly kind: 'worker' | 'page';
  /** Draws `shapes`, then `labels`, for `view`; `shown` runs when it is on the canvas (never, if a later paint came first). */
  paint(shapes: readonly ShapeSpec[], labels: readonly LabelSpec[], view: DrawView, shown: () => void): void;
  dispose(): void;
}

function fit(canvas: HTMLCanvasElement, view: DrawView): void {
  const w = Math.round(view.width * view.dpr),
    h = Math.round(view.height * view.dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.width = `${view.width}px`;
    canvas.style.height = `${view.height}px`;
  }
}

class PagePainter implements Painter {
  readonly kind = 'page';
  private readonly prepared = new Map<number, DrawShape>();

  readonly element = document.createElement('canvas');

  paint(shapes: readonly ShapeSpec[], labels: readonly LabelSpec[], view: DrawView, shown: () => void): void {
    fit(this.element, view);
    const ctx = this.element.getContext('2d')!;
    drawShapes(
      ctx,
      shapes.map((s) => this.prepare(s)),
      view,
    );
    drawLabels(ctx, labels, view);
    shown();
  }

  private prepare(s: ShapeSpec): DrawShape {
    let d = this.prepared.get(s.id);
    if (!d) this.prepared.set(s.id, (d = { path: pathOf(s.data), origin: s.data.origin, style: s.style }));
    return d;
  }

  dispose(): void {}
}

class WorkerPainter implements Painter {
  readonly kind = 'worker';
  private readonly canvas: WorkerCanvas<BasemapRequest>;
  /** Shape ids the worker holds: each shape's points cross once. */
  private readonly sent = new Set<number>();

  constructor(failed: () => void) {
    this.canvas = new WorkerCanvas(
      new Worker(new URL('./basemap-worker.ts', import.meta.url), { type: 'module' }),
      failed,
    );
  }

  get element(): HTMLElement {
    return this.canvas.element;
  }

  paint(shapes: readonly ShapeSpec[], labels: readonly LabelSpec[], view: DrawView, shown: () => void): void {
    const add = shapes.filter((s) => !this.sent.has(s.id));
    for (const s of add) this.sent.add(s.id);
    const req = { add, ids: shapes.map((s) => s.id), labels: [...labels], view };
    this.canvas.draw(req, view.width, view.height, view.dpr, shown);
  }

  dispose(): void {
    this.canvas.dispose();
  }
}

/** A painter with new elements: in a worker where the browser allows, unless `onPage`. */
export function createPainter(failed: () => void, onPage = false): Painter {
  if (!onPage && workerCanvasSupported()) {
    try {
      return new WorkerPainter(failed);
    } catch {
      // No module workers: drawn on the page below.
    }
  }
  return new PagePainter();
}
