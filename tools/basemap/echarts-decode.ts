// Some echarts map files (here Shanghai and Chongqing) store coordinates in echarts' compact text
// encoding ("UTF8Encoding": each vertex is two characters holding zig-zag deltas from the previous
// vertex, in units of 1/1024 degree, starting from `encodeOffsets`). This decodes them to plain
// GeoJSON positions, as echarts itself does when it registers such a map.

export interface EchartsFeature {
  type: 'Feature';
  properties: { name: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown; encodeOffsets?: unknown };
}
export interface EchartsCollection {
  type: 'FeatureCollection';
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
  features: EchartsFeature[];
}

function decodeRing(text: string, offset: [number, number], scale: number): number[][] {
  const out: number[][] = [];
  let [x0, y0] = offset;
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64;
    let y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x0 += x;
    y0 += y;
    out.push([x0 / scale, y0 / scale]);
  }
  return out;
}

/** Decodes in place when the file is encoded (a ring given as a string); plain files pass through. */
export function decodeEcharts(fc: EchartsCollection): EchartsCollection {
  const scale = fc.UTF8Scale ?? 1024;
  for (const f of fc.features) {
    const g = f.geometry;
    const offsets = g.encodeOffsets as never;
    // Some files keep encodeOffsets next to plain coordinates: only strings are encoded.
    const first = g.type === 'Polygon' ? (g.coordinates as unknown[])[0] : (g.coordinates as unknown[][])[0]?.[0];
    if (!offsets || typeof first !== 'string') {
      delete g.encodeOffsets;
      continue;
    }
    if (g.type === 'Polygon') {
      g.coordinates = (g.coordinates as string[]).map((r, i) => decodeRing(r, offsets[i]!, scale));
    } else {
      g.coordinates = (g.coordinates as string[][]).map((p, j) =>
        p.map((r, i) => decodeRing(r, (offsets[j] as never)[i]!, scale)),
      );
    }
    delete g.encodeOffsets;
  }
  return fc;
}
