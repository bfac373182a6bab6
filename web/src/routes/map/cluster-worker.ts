// The cluster layer's worker: draws what the layer decided (cluster-draw.ts) on the canvases the
// page handed over (worker-canvas-serve.ts).
import { drawMarks, type ClusterDrawing } from './cluster-draw.ts';
import { serve } from './worker-canvas-serve.ts';

serve<ClusterDrawing>({ draw: drawMarks });
