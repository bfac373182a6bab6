// The worker's side of a WorkerCanvas (worker-canvas.ts): two canvases the page handed over with
// `transferControlToOffscreen`, drawn here, off the page's main thread; their frames reach the
// compositor from this thread, so neither the drawing nor its upload holds up the page's frames.
// It draws on the canvas the page is not showing, says which one is ready, and waits until the
// page says it shows it before drawing on the other: the page never shows a canvas while it is
// being drawn on. Requests that arrive in the meantime are replaced by the newest.

export type ToWorker<Req> =
  | { type: 'init'; canvases: [OffscreenCanvas, OffscreenCanvas] }
  /** `width` and `height` in device pixels. */
  | { type: 'draw'; seq: number; req: Req; width: number; height: number }
  /** The page shows `buffer` now. */
  | { type: 'shown'; buffer: 0 | 1 };

export type FromWorker = { seq: number; buffer: 0 | 1 } | { seq: number; error: string };

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: FromWorker): void;
}

export interface Artist<Req> {
  /** Every request, as it arrives (one later replaces it before it is drawn): keep what it adds. */
  receive?(req: Req): void;
  /** Draws `req` on a cleared canvas of the requested size. */
  draw(ctx: OffscreenCanvasRenderingContext2D, req: Req): void;
}

export function serve<Req>(artist: Artist<Req>): void {
  const scope = self as unknown as WorkerScope;
  let canvases: [OffscreenCanvas, OffscreenCanvas] | null = null;
  let latest: Extract<ToWorker<Req>, { type: 'draw' }> | null = null;
  /** The canvas the page shows (none yet: -1), and one drawn and announced but not yet shown. */
  let front: -1 | 0 | 1 = -1;
  let ready: 0 | 1 | null = null;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || !latest || !canvases || ready !== null) return;
    scheduled = true;
    // Drawn in a task of its own: requests already queued behind this one replace it first.
    setTimeout(draw, 0);
  };

  const draw = () => {
    scheduled = false;
    const msg = latest;
    if (!msg || !canvases || ready !== null) return;
    latest = null;
    const buffer = front === 0 ? 1 : 0;
    try {
      const canvas = canvases[buffer];
      if (canvas.width !== msg.width || canvas.height !== msg.height) {
        canvas.width = msg.width;
        canvas.height = msg.height;
      }
      const ctx = canvas.getContext('2d')!;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, msg.width, msg.height);
      artist.draw(ctx, msg.req);
      ready = buffer;
      // Announced in the next task: the frame drawn in this one has gone to the compositor by then.
      setTimeout(() => scope.postMessage({ seq: msg.seq, buffer }), 0);
    } catch (e) {
      scope.postMessage({ seq: msg.seq, error: String(e) });
    }
  };

  scope.onmessage = ({ data }: MessageEvent<ToWorker<Req>>) => {
    if (data.type === 'init') canvases = data.canvases;
    else if (data.type === 'shown') {
      front = data.buffer;
      ready = null;
    } else {
      artist.receive?.(data.req);
      latest = data;
    }
    schedule();
  };
}
