// What to reject when the server refuses a batch (it wrote nothing).
import type { QueuedEntry } from './types.ts';

/**
 * Which entries of a refused batch to reject. Issues naming items reject those items only (the
 * rest stay pending and go in the next batch); an issue about the whole batch rejects all of it.
 */
export function rejections(
  batch: QueuedEntry[],
  issues: { index: number | null; message: string }[],
): [QueuedEntry, string][] {
  const perItem = new Map<number, string[]>();
  const whole: string[] = [];
  for (const i of issues) {
    if (i.index === null || i.index < 0 || i.index >= batch.length) whole.push(i.message);
    else perItem.set(i.index, [...(perItem.get(i.index) ?? []), i.message]);
  }
  if (whole.length > 0 || perItem.size === 0) {
    const reason = whole.length ? whole.join('; ') : 'Refused by the server';
    return batch.map((e) => [e, reason]);
  }
  return [...perItem].map(([index, messages]) => [batch[index]!, messages.join('; ')]);
}
