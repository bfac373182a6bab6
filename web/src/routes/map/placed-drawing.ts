// Where a layer's drawing belongs on the map, for the two canvas layers that draw the view with a
// margin and may show an older drawing until a new one arrives (basemap-canvas.ts, cluster-layer.ts).
import L from 'leaflet';

/** A drawing's top left in the map's absolute pixels at the zoom it was drawn for. */
export interface Placed {
  zoom: number;
  left: number;
  top: number;
}

/**
 * Moves `element`, showing drawing `d`, to where its pixels belong at `zoom` for the map's
 * `pixelOrigin`: scaled when the zoom is not the drawing's (after a zoom, until the new one lands).
 */
export function placeDrawing(map: L.Map, element: HTMLElement, d: Placed, zoom: number, pixelOrigin: L.Point): void {
  const scale = map.getZoomScale(zoom, d.zoom);
  const at = L.point(d.left * scale, d.top * scale).subtract(pixelOrigin);
  if (scale === 1) L.DomUtil.setPosition(element, at);
  else L.DomUtil.setTransform(element, at, scale);
}

/** During Leaflet's zoom animation: where its own renderers put the view (zoom and pixel origin). */
export function zoomAnimTarget(map: L.Map, e: L.ZoomAnimEvent): [zoom: number, pixelOrigin: L.Point] {
  const half = map.getSize().divideBy(2);
  const pane = L.DomUtil.getPosition(map.getPane('mapPane')!);
  return [e.zoom, map.project(e.center, e.zoom).subtract(half).add(pane).round()];
}
