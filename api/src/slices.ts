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
