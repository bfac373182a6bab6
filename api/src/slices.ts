// Large answers are built in slices, with a turn of the event loop between slices. Node runs one
// request's JavaScript at a time: grouping 90,000 report parts or completing a 10,000-row GraphQL
// list in one go held the loop for 100-300 ms, and every other request (a counter's tap,
// /healthz) waited behind it (`pnpm bench:loop`). A slice is small enough to take a few
// milliseconds; setImmediate lets pending I/O run before the next one.

/** Items per slice: a few milliseconds of work for the lists built here. */
export const SLICE_SIZE = 500;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Calls `fn` on every item in order, yielding to the event loop after every `size` items. */
export async function eachInSlices<T>(items: readonly T[], fn: (item: T) => void, size = SLICE_SIZE): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await nextTurn();
    const end = Math.min(i + size, items.length);
    for (let j = i; j < end; j++) fn(items[j]!);
  }
}

/**
 * A list for a GraphQL list field that graphql-js completes a slice at a time: each item of slice k
 * is a promise that resolves after k turns of the event loop, so the items' fields are resolved and
 * completed slice by slice instead of in one synchronous pass. Short lists are returned as they are.
 */
export function listInSlices<T>(items: readonly T[], size = SLICE_SIZE): readonly (T | Promise<T>)[] {
  if (items.length <= size) return items;
  const out: Promise<T>[] = new Array<Promise<T>>(items.length);
  let gate: Promise<void> = Promise.resolve();
  for (let i = 0; i < items.length; i += size) {
    gate = gate.then(nextTurn);
    const open = gate;
    const end = Math.min(i + size, items.length);
    for (let j = i; j < end; j++) out[j] = open.then(() => items[j]!);
  }
  return out;
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(v));

/**
 * Whether `value` is, or holds under plain objects, an array longer than `size`. Arrays are not
 * searched (a long list inside the items of another list is sent whole): the check runs on every
 * answer, so it only follows object keys (data.carbonReport.rows, data.mapStations.codes).
 */
export function holdsLongList(value: unknown, size = SLICE_SIZE, depth = 8): boolean {
  if (Array.isArray(value)) return value.length > size;
  if (depth <= 0 || !isPlain(value)) return false;
  for (const key in value) if (holdsLongList(value[key], size, depth - 1)) return true;
  return false;
}

/**
 * `JSON.stringify(value)` in pieces, with a turn of the event loop after every `size` items of a
 * long list: one `JSON.stringify` of a 5 MB answer (46,000 report rows) held the loop for tens of
 * milliseconds on its own. Concatenated, the pieces are exactly `JSON.stringify(value)`: plain
 * objects on the way to a long list are written key by key, the list's items each whole.
 */
export async function* jsonInSlices(value: unknown, size = SLICE_SIZE): AsyncGenerator<string> {
  if (Array.isArray(value) && value.length > size) {
    yield '[';
    for (let i = 0; i < value.length; i += size) {
      if (i > 0) {
        await nextTurn();
        yield ',';
      }
      // one call per slice, brackets cut off: ~20% faster than a call per item and a join (3,300 rows)
      yield JSON.stringify(value.slice(i, i + size)).slice(1, -1);
    }
    yield ']';
  } else if (isPlain(value) && holdsLongList(value, size)) {
    yield '{';
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      yield `${first ? '' : ','}${JSON.stringify(k)}:`;
      first = false;
      yield* jsonInSlices(v, size);
    }
    yield '}';
  } else {
    yield JSON.stringify(value) ?? 'null';
  }
}
