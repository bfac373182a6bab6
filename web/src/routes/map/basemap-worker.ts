// The basemap's worker: keeps the shapes it was sent as Path2Ds and draws the latest view asked
// for (worker-canvas-serve.ts does the canvases and the hand-over).
import { drawShapes, pathOf, type DrawShape, type DrawView, type ShapeSpec } from './basemap-draw.ts';
import { serve } from './worker-canvas-serve.ts';

export interface BasemapRequest {
  /** Shapes not sent before. */
  add: ShapeSpec[];
  /** What to draw, in order. */
  ids: number[];
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
  },
});
