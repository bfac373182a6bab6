// The basemap's worker: keeps the shapes it was sent as Path2Ds and draws the latest view asked
// for, names over them (worker-canvas-serve.ts does the canvases and the hand-over).
import {
  drawLabels,
  drawShapes,
  pathOf,
  type DrawShape,
  type DrawView,
  type LabelSpec,
  type ShapeSpec,
} from './basemap-draw.ts';
import { serve } from './worker-canvas-serve.ts';

export interface BasemapRequest {
  /** Shapes not sent before. */
  add: ShapeSpec[];
  /** What to draw, in order. */
  ids: number[];
  /** Place names, drawn over the shapes (a few dozen: sent whole each time). */
  labels: LabelSpec[];
  view: DrawView;
}

const shapes = new Map<number, DrawShape>();

serve<BasemapRequest>({
  receive(req) {
    for (const s of req.add) shapes.set(s.id, { path: pathOf(s.data), origin: s.data.origin, style: s.style });
  },
  draw(ctx, req) {
    drawShapes(
      ctx,
      req.ids.flatMap((id) => shapes.get(id) ?? []),
      req.view,
    );
    drawLabels(ctx, req.labels, req.view);
  },
});
