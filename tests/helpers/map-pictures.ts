// Pictures of the map for browser tests: wait until it stops moving, drive it by keyboard, take
// one pane alone once its drawing has arrived, and compare two pictures pixel by pixel.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Resolves once the map has stopped moving: its zoom and pane position unchanged over 500 ms. */
export async function mapStill(page: Page): Promise<void> {
  const where = () =>
    page.evaluate(
      () =>
        `${document.querySelector('[data-testid="map-summary"]')?.getAttribute('data-zoom')} ${
          (document.querySelector('.leaflet-map-pane') as HTMLElement | null)?.style.transform
        }`,
    );
  let was = '';
  await expect
    .poll(
      async () => {
        await page.waitForTimeout(500);
        const now = await where();
        const still = now === was;
        was = now;
        return still;
      },
      { timeout: 20_000, message: 'the map stops moving' },
    )
    .toBe(true);
}

/** Presses a map key `times` times, each after the pan or zoom before it has ended. */
export async function pressOnMap(page: Page, key: string, times: number): Promise<void> {
  await page.getByRole('application').focus();
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(key);
    // Leaflet animates each step; a key during the animation cuts it short by a timing-dependent
    // amount, so both maps would not end at the same view.
    await mapStill(page);
  }
}

/**
 * One pane of the map alone (every other pane and the controls hidden), as PNG, once no drawing is
 * on its way from the worker and two pictures 400 ms apart agree: files load per city, and on a
 * busy machine the worker may answer later than 400 ms.
 */
export async function paneAlone(page: Page, pane: 'basemap' | 'overlay'): Promise<Buffer> {
  await expect
    .poll(() => page.locator('[data-drawing="pending"]').count(), {
      timeout: 20_000,
      message: 'drawings on their way from the worker',
    })
    .toBe(0);
  await page.evaluate((pane) => {
    const style = document.getElementById('pane-alone') ?? document.head.appendChild(document.createElement('style'));
    style.id = 'pane-alone';
    style.textContent = `.leaflet-map-pane > .leaflet-pane:not(.leaflet-${pane}-pane), .leaflet-control-container { visibility: hidden !important; }`;
  }, pane);
  const map = page.getByRole('application');
  let last = await map.screenshot();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(400);
    const next = await map.screenshot();
    if (next.equals(last)) return next;
    last = next;
  }
  throw new Error(`the ${pane} pane did not settle in 16 s`);
}

/** Share of pixels that differ by more than 24 in a channel, of water-blue pixels in each, and colours in the first. */
export async function comparePictures(page: Page, a: Buffer, b: Buffer) {
  const scratch = await page.context().newPage();
  const out = await scratch.evaluate(
    async ([a64, b64]) => {
      const pixels = async (b64: string) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const c = new OffscreenCanvas(bmp.width, bmp.height);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(bmp, 0, 0);
        return ctx.getImageData(0, 0, bmp.width, bmp.height);
      };
      const [ia, ib] = [await pixels(a64), await pixels(b64)];
      const [pa, pb, width] = [ia.data, ib.data, ia.width];
      // The basemap's water (#a9cbe3) over the map's own sea colour is what a wrong place would move.
      const water = (p: Uint8ClampedArray, i: number) =>
        Math.abs(p[i]! - 0xa9) < 8 && Math.abs(p[i + 1]! - 0xcb) < 8 && Math.abs(p[i + 2]! - 0xe3) < 8;
      let differ = 0,
        waterA = 0,
        waterB = 0;
      // Where the differing pixels are (the failure message says it): [left, top, right, bottom].
      const box = [Infinity, Infinity, -1, -1];
      for (let i = 0; i < pa.length; i += 4) {
        if (Math.max(...[0, 1, 2].map((k) => Math.abs(pa[i + k]! - pb[i + k]!))) > 24) {
          differ++;
          const x = (i / 4) % width,
            y = Math.floor(i / 4 / width);
          [box[0], box[1], box[2], box[3]] = [
            Math.min(box[0]!, x),
            Math.min(box[1]!, y),
            Math.max(box[2]!, x),
            Math.max(box[3]!, y),
          ];
        }
        if (water(pa, i)) waterA++;
        if (water(pb, i)) waterB++;
      }
      const n = pa.length / 4;
      // Colours in the first picture: a blank pane has one or two, drawn clusters more.
      const colours = new Set<number>();
      for (let i = 0; i < pa.length; i += 4) colours.add((pa[i]! << 16) | (pa[i + 1]! << 8) | pa[i + 2]!);
      const where = differ ? `differing pixels within x ${box[0]}-${box[2]}, y ${box[1]}-${box[3]}` : '';
      return { differ: differ / n, where, waterA: waterA / n, waterB: waterB / n, distinct: colours.size };
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
  await scratch.close();
  return out;
}
