// The map dashboard on the devices city managers carry (issue 12 §1, §3, §6): at 390x844 (phone),
// 768x1024 (portrait tablet), 1024x768 (landscape tablet) and 1440x900 (desktop) the totals, the
// legend, the needs-action queue and the drawer's status control are on screen and work, and the
// page never scrolls sideways. Stations and clusters on the canvas are reached by keyboard, and the
// map's own controls speak the UI language. Screenshots at each size in tests/artifacts/screenshots.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserAvailable, screenshot, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';
import { comparePictures, mapStill, paneAlone, pressOnMap } from '../helpers/map-pictures.ts';

const SIZES = [
  ['phone', 390, 844],
  ['tablet-portrait', 768, 1024],
  ['tablet-landscape', 1024, 768],
  ['desktop', 1440, 900],
] as const;

/** On screen: laid out with a size, inside the viewport once scrolled to (its sheet or the page). */
async function expectOnScreen(page: Page, target: Locator, what: string): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  expect(box, `${what} is laid out`).not.toBeNull();
  const { width, height } = page.viewportSize()!;
  expect(box!.width, `${what} width`).toBeGreaterThan(0);
  expect(box!.height, `${what} height`).toBeGreaterThan(0);
  // Sub-pixel layout (e.g. -0.2 px from a rounded rem) is not off screen.
  expect(box!.x, `${what} left`).toBeGreaterThanOrEqual(-1);
  expect(box!.x + box!.width, `${what} right`).toBeLessThanOrEqual(width + 1);
  expect(box!.y, `${what} top`).toBeGreaterThanOrEqual(-1);
  expect(box!.y + box!.height, `${what} bottom`).toBeLessThanOrEqual(height + 1);
}

// Against the device's width, not innerWidth: a phone lays out a page that is too wide at its
// full width (innerWidth grows with it), so innerWidth alone would hide the sideways scroll.
const sideways = async (page: Page) =>
  (await page.evaluate(() => document.documentElement.scrollWidth)) - page.viewportSize()!.width;

/** Narrower screens put the panels under tabs: choose one when the tabs are shown. */
async function showPanel(page: Page, name: RegExp): Promise<void> {
  const tab = page.getByRole('tab', { name });
  if (await tab.isVisible()) await tab.click();
}

describe.skipIf(!browserAvailable)('map dashboard at phone, tablet and desktop sizes', () => {
  const e2e = useE2E({ stations: 2000 });

  async function managerAt(width: number, height: number, locale = 'en-GB', ...inits: (() => void)[]): Promise<Page> {
    const touch = width < 1100;
    const context = await e2e.browser.newContext({
      locale,
      viewport: { width, height },
      isMobile: touch,
      hasTouch: touch,
    });
    for (const init of inits) await context.addInitScript(init);
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'manager.sh@demo.recycle.cn', 'demo-manager');
    await page.waitForURL(/\/map\?city=SH/);
    await expect
      .poll(() => page.getByTestId('map-summary').getAttribute('data-cluster-total').then(Number), { timeout: 60_000 })
      .toBeGreaterThan(0);
    return page;
  }

  it.each(SIZES)(
    '%s (%i x %i): totals, legend, needs action and the status control on screen and working; no sideways scroll',
    async (name, width, height) => {
      const page = await managerAt(width, height);
      expect(await sideways(page), 'sideways scroll').toBe(0);
      // The basemap at city zoom, names included: Shanghai has 16 districts (more when a
      // neighbouring city's are in view too).
      await expect
        .poll(() => page.locator('.basemap-canvas').getAttribute('data-labels').then(Number), { timeout: 30_000 })
        .toBeGreaterThanOrEqual(16);
      const map = await page.getByRole('application').boundingBox();
      expect(map!.height, 'map height').toBeGreaterThanOrEqual(240);

      // Totals and legend.
      await showPanel(page, /^Totals and legend/);
      const totals = page.getByTestId('city-totals');
      await expect
        .poll(() => totals.getAttribute('data-stations').then(Number), { timeout: 30_000 })
        .toBeGreaterThan(0);
      await expectOnScreen(page, totals, 'city totals');
      await expectOnScreen(page, page.getByRole('heading', { name: 'Legend' }), 'legend');
      await screenshot(page, `map-${name}-totals`);

      // The needs-action queue: its true count, a filter that works, a row that opens the station.
      await showPanel(page, /^Needs action and station/);
      const queue = page.getByTestId('needs-action');
      await expect
        .poll(() => queue.getAttribute('data-total').then((v) => (v === null ? -1 : Number(v))), { timeout: 30_000 })
        .toBeGreaterThan(0);
      await expectOnScreen(page, queue.getByRole('heading', { level: 2 }), 'needs-action heading');
      const total = Number(await queue.getAttribute('data-total'));
      const bin80 = queue.locator('input[data-kind="BIN_80"]');
      await expectOnScreen(page, bin80, 'bin 80% filter');
      await bin80.check();
      await expect
        .poll(() => queue.getAttribute('data-total').then(Number), { timeout: 20_000 })
        .toBeGreaterThanOrEqual(total);
      await bin80.uncheck();
      await expect.poll(() => queue.getAttribute('data-total').then(Number), { timeout: 20_000 }).toBe(total);
      expect(await sideways(page), 'sideways scroll with the queue').toBe(0);
      await screenshot(page, `map-${name}-queue`);

      const row = queue.locator('ol button').first();
      await expectOnScreen(page, row, 'first queue row');
      await row.click();

      // The drawer (a full-height sheet on small screens) and its status control.
      const drawer = page.getByTestId('station-drawer');
      await drawer.locator('[data-testid="status-form"]').waitFor({ timeout: 30_000 });
      await expectOnScreen(page, drawer.getByRole('heading', { level: 2 }), 'drawer title');
      const select = drawer.getByLabel('Change status');
      await expectOnScreen(page, select, 'status control');
      await select.selectOption('CLOSED');
      const save = drawer.getByRole('button', { name: 'Save' });
      await expectOnScreen(page, save, 'save button');
      await save.click();
      await expect.poll(() => drawer.getAttribute('data-status'), { timeout: 20_000 }).toBe('CLOSED');
      expect(await sideways(page), 'sideways scroll with the drawer').toBe(0);
      await screenshot(page, `map-${name}-drawer`);
      if (width <= 1000) {
        const sheet = await drawer.boundingBox();
        expect(sheet!.height, 'the drawer is a full-height sheet').toBeGreaterThanOrEqual(height - 1);
      }
      await drawer.getByRole('button', { name: 'Close station details' }).click();
      await expect.poll(() => drawer.count()).toBe(0);
      await page.context().close();
    },
  );

  it('keyboard: Tab from the map reaches the stations and clusters in view; Enter zooms into a cluster, then opens a station', async () => {
    const page = await managerAt(1440, 900);
    const summary = page.getByTestId('map-summary');
    // The map flies to the city after the first clusters are drawn: tab in once it has arrived (a
    // list replaced mid-flight takes the focus with it).
    await mapStill(page);
    await page.getByRole('application').focus();
    const focused = () =>
      page.evaluate(() =>
        document.activeElement?.closest('[data-testid="map-keys"]')
          ? ((document.activeElement as HTMLElement).dataset.key ?? '')
          : '',
      );
    // The map's own controls (zoom in, zoom out) come first; the list follows them.
    for (let i = 0; i < 4 && !(await focused()); i++) await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^[cs]\d+$/);
    const list = await page.getByTestId('map-keys').boundingBox();
    expect(list!.width * list!.height, 'the list shows when it has focus').toBeGreaterThan(100);
    // Clusters first zoom in; within a few presses a single station is in the list and opens.
    for (let i = 0; i < 10; i++) {
      const station = page.locator('[data-testid="map-keys"] button[data-key^="s"]').first();
      if (await station.count()) {
        await station.focus();
        await page.keyboard.press('Enter');
        break;
      }
      const zoom = Number(await summary.getAttribute('data-zoom'));
      await page.locator('[data-testid="map-keys"] button[data-key^="c"]').first().focus();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(
        /^Cluster of \d+ stations: full \d+, silent \d+/,
      );
      await page.keyboard.press('Enter');
      await expect
        .poll(() => summary.getAttribute('data-zoom').then(Number), { timeout: 10_000 })
        .toBeGreaterThan(zoom);
    }
    await page.locator('[data-testid="station-drawer"][data-status]').waitFor({ timeout: 30_000 });
    await page.context().close();
  });

  it.each([
    ['zh-CN', '放大', '缩小'],
    ['en-GB', 'Zoom in', 'Zoom out'],
  ] as const)('the zoom buttons speak the UI language (%s)', async (locale, zoomIn, zoomOut) => {
    const page = await managerAt(1024, 768, locale);
    await expectOnScreen(page, page.getByRole('button', { name: zoomIn, exact: true }), 'zoom in');
    await expectOnScreen(page, page.getByRole('button', { name: zoomOut, exact: true }), 'zoom out');
    await page.context().close();
  });

  it('the basemap and the clusters are drawn off the main thread where the browser allows, the same pictures in the same place as drawn on the page, before and after a pan past the margin and a zoom', async () => {
    // Place names are drawn in transparent ink on both maps: text is rasterised by two different
    // canvases (worker, page) whose anti-aliasing and font fallback may differ by machine. The shapes
    // are compared pixel by pixel; the names by count (data-labels) and by the unit test of drawLabels.
    const namesInvisible = () => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(
        '.leaflet-container { --color-place-label: transparent; --color-ink: transparent; --color-surface: transparent; }',
      );
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    };
    const worker = await managerAt(1440, 900, 'en-GB', namesInvisible);
    const onPage = await managerAt(1440, 900, 'en-GB', namesInvisible, () => {
      // A browser without OffscreenCanvas (e.g. an older Safari): the basemap is drawn on the page.
      delete (window as { OffscreenCanvas?: unknown }).OffscreenCanvas;
    });
    for (const layer of ['.basemap-canvas', '.cluster-canvas']) {
      expect(await worker.locator(layer).getAttribute('data-painter')).toBe('worker');
      expect(await onPage.locator(layer).getAttribute('data-painter')).toBe('page');
    }
    // Both maps must show the same view for their pictures to be compared.
    const sameView = async (when: string) => {
      const view = (page: Page) =>
        page.evaluate(
          () =>
            `${document.querySelector('[data-testid="map-summary"]')?.getAttribute('data-zoom')} ${
              (document.querySelector('.leaflet-map-pane') as HTMLElement).style.transform
            }`,
        );
      expect(await view(onPage), `both maps show the same view (${when})`).toBe(await view(worker));
    };
    // Both basemaps draw the same place names (city files load per page, at their own pace).
    const namesAgree = async (when: string) => {
      const names = (page: Page) => page.locator('.basemap-canvas').getAttribute('data-labels').then(Number);
      await expect
        .poll(async () => (await names(onPage)) - (await names(worker)), {
          timeout: 30_000,
          message: `the same number of names on both maps (${when})`,
        })
        .toBe(0);
      return names(worker);
    };
    const clustersAgree = async (when: string) => {
      const c = await comparePictures(worker, await paneAlone(worker, 'overlay'), await paneAlone(onPage, 'overlay'));
      expect(c.distinct, `clusters drawn (${when})`).toBeGreaterThan(5);
      // Text is drawn by two different canvases (worker, page): its anti-aliasing may differ a little.
      expect(c.differ, `cluster pixels that differ from the page drawing (${when}; ${c.where})`).toBeLessThan(0.02);
    };
    await mapStill(worker);
    await mapStill(onPage);
    await sameView('first view');
    // Shanghai's 16 districts at least.
    expect(await namesAgree('first view'), 'names drawn').toBeGreaterThanOrEqual(16);
    await clustersAgree('first view');

    const before = await comparePictures(
      worker,
      await paneAlone(worker, 'basemap'),
      await paneAlone(onPage, 'basemap'),
    );
    // Shanghai at city zoom: districts, the river and the sea are drawn (not a blank canvas).
    expect(before.waterA, 'water drawn by the worker').toBeGreaterThan(0.01);
    expect(Math.abs(before.waterA - before.waterB), 'same water on the page').toBeLessThan(0.005);
    expect(before.differ, `pixels that differ from the page drawing (${before.where})`).toBeLessThan(0.01);

    // 9 arrow presses pan 480 px east and 240 px south: past the 30% margin drawn around the view,
    // so a new drawing is made (asynchronously in the worker) and must land where it belongs.
    for (const page of [worker, onPage]) {
      await pressOnMap(page, 'ArrowRight', 6);
      await pressOnMap(page, 'ArrowDown', 3);
    }
    await sameView('after the pan');
    await namesAgree('after the pan');
    const after = await comparePictures(worker, await paneAlone(worker, 'basemap'), await paneAlone(onPage, 'basemap'));
    expect(after.differ, `pixels that differ from the page drawing after the pan (${after.where})`).toBeLessThan(0.01);
    expect(Math.abs(after.waterA - after.waterB)).toBeLessThan(0.005);
    await clustersAgree('after the pan');
    // One level in: a new drawing of both layers at the new scale.
    for (const page of [worker, onPage]) await pressOnMap(page, 'Equal', 1);
    await sameView('after a zoom');
    await namesAgree('after a zoom');
    await clustersAgree('after a zoom');
    const zoomed = await comparePictures(
      worker,
      await paneAlone(worker, 'basemap'),
      await paneAlone(onPage, 'basemap'),
    );
    expect(zoomed.differ, `basemap pixels that differ after a zoom (${zoomed.where})`).toBeLessThan(0.01);
    await worker.context().close();
    await onPage.context().close();
  });
});
