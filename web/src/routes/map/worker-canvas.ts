// A canvas drawn by a worker (worker-canvas-serve.ts), for the map's layers that redraw after a
// pan or zoom. Drawn on the page, a new drawing cost the frame that showed it (at 4× slower CPU on
// this machine's software GPU: ~250 ms for the basemap's 2,048 × 1,280 canvas, most of it the
// commit handing the pixels to the compositor). Two canvases in a box: the worker draws on the
// hidden one, and when it says it is ready the page shows it and calls `shown` in the same task,
// so the layer moves the box to where that drawing belongs: what is shown and where agree.
import type { FromWorker, ToWorker } from './worker-canvas-serve.ts';

/** Whether this browser can draw a canvas in a worker (else the layers draw on the page). */
export const workerCanvasSupported = (): boolean =>
  typeof Worker !== 'undefined' &&
  typeof OffscreenCanvas !== 'undefined' &&
  'transferControlToOffscreen' in HTMLCanvasElement.prototype;

const live = new Set<WorkerCanvas<unknown>>();

/** Drawings asked for and not yet shown or replaced, over every WorkerCanvas of the page (for the bench). */
export const drawingsInFlight = (): number => [...live].reduce((n, c) => n + c.inFlight, 0);

export class WorkerCanvas<Req> {
  readonly element = document.createElement('div');
  private readonly canvases: [HTMLCanvasElement, HTMLCanvasElement];
  private seq = 0;
  private readonly waiting = new Map<number, { width: number; height: number; shown: () => void }>();

  /** `failed`: the worker could not load or draw; the caller draws on the page from then on. */
  constructor(
    private readonly worker: Worker,
    private readonly failed: () => void,
  ) {
    const make = () => {
      const c = document.createElement('canvas');
      c.style.position = 'absolute';
      c.style.left = c.style.top = '0';
      c.style.visibility = 'hidden';
      return this.element.appendChild(c);
    };
    this.canvases = [make(), make()];
    const offscreen = this.canvases.map((c) => c.transferControlToOffscreen()) as [OffscreenCanvas, OffscreenCanvas];
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.arrived(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.failed();
    };
    this.post({ type: 'init', canvases: offscreen }, offscreen);
    live.add(this);
  }

  get inFlight(): number {
    return this.waiting.size;
  }

  /** Asks for a drawing of `width` × `height` CSS pixels at `dpr`; `shown` runs when it is shown. */
  draw(req: Req, width: number, height: number, dpr: number, shown: () => void): void {
    const seq = ++this.seq;
    this.waiting.set(seq, { width, height, shown });
    this.post({ type: 'draw', seq, req, width: Math.round(width * dpr), height: Math.round(height * dpr) });
  }

  private post(msg: ToWorker<Req>, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  private arrived(reply: FromWorker): void {
    const asked = this.waiting.get(reply.seq);
    // The worker draws only the newest request: older ones will not be answered.
    for (const k of this.waiting.keys()) if (k <= reply.seq) this.waiting.delete(k);
    if ('error' in reply || !asked) return this.failed();
    const [next, other] = reply.buffer ? [this.canvases[1], this.canvases[0]] : this.canvases;
    next.style.width = `${asked.width}px`;
    next.style.height = `${asked.height}px`;
    // Inherited, not 'visible': a pane hidden by its parent keeps this canvas hidden too.
    next.style.visibility = '';
    other.style.visibility = 'hidden';
    asked.shown();
    // The worker may draw on the other canvas once this frame, which hides it, has been committed.
    requestAnimationFrame(() => setTimeout(() => this.post({ type: 'shown', buffer: reply.buffer }), 0));
  }

  dispose(): void {
    live.delete(this);
    this.worker.terminate();
    this.waiting.clear();
  }
}
