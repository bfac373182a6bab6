// The needs-action work queue of the map page: filters (FULL, STALE, bin >= 80%), order, the true
// count and pages of 50 (the API's keyset cursor). One instance per page; `load` on a city change
// and on each live refresh, `more` for the next page.
import { request } from '../../lib/api.ts';
import type { SchemaType } from '../../lib/graphql.ts';
import { NeedsActionQueueQuery, type NeedsActionPage, type QueueItem } from './documents.ts';

export type { QueueItem };
export type QueueKind = SchemaType<'NeedsActionKind'>;
export type QueueSort = SchemaType<'NeedsActionSort'>;

export class NeedsActionQueue {
  kinds = $state<QueueKind[]>(['FULL', 'STALE']);
  sort = $state<QueueSort>('WAITING');
  items = $state<QueueItem[] | null>(null);
  totalCount = $state(0);
  counts = $state({ full: 0, stale: 0, bin80: 0 });
  hasMore = $state(false);
  private cursor: string | null = null;
  private city: string | null = null;
  private generation = 0;

  /** The first page again (a new city, filter or order, or a live refresh). */
  async load(city: string | null): Promise<void> {
    if (city !== this.city) this.items = null;
    this.city = city;
    if (!city) return;
    const gen = ++this.generation;
    const shown = Math.max(50, this.items?.length ?? 0);
    const page = await this.fetch(null);
    if (gen !== this.generation) return;
    this.apply(page, false);
    // A refresh keeps as many rows as were shown (the user may have paged down).
    while (this.hasMore && (this.items?.length ?? 0) < shown && gen === this.generation) {
      const next = await this.fetch(this.cursor);
      if (gen !== this.generation) return;
      this.apply(next, true);
    }
  }

  async more(): Promise<void> {
    if (!this.hasMore || !this.city) return;
    const gen = this.generation;
    const page = await this.fetch(this.cursor);
    if (gen === this.generation) this.apply(page, true);
  }

  setKinds(kinds: QueueKind[]): Promise<void> {
    this.kinds = kinds.length ? kinds : ['FULL', 'STALE'];
    this.items = null;
    return this.load(this.city);
  }

  setSort(sort: QueueSort): Promise<void> {
    this.sort = sort;
    this.items = null;
    return this.load(this.city);
  }

  /** The station after `code` in the queue (for "next" in the drawer), or null. */
  after(code: string): QueueItem | null {
    const list = this.items ?? [];
    const i = list.findIndex((x) => x.station.code === code);
    return i >= 0 ? (list[i + 1] ?? null) : (list[0] ?? null);
  }

  private async fetch(after: string | null): Promise<NeedsActionPage> {
    return (await request(NeedsActionQueueQuery, { city: this.city, kinds: this.kinds, sort: this.sort, after }))
      .needsAction;
  }

  private apply(q: NeedsActionPage, append: boolean): void {
    const nodes = q.edges.map((e) => e.node);
    this.items = append ? [...(this.items ?? []), ...nodes] : nodes;
    this.totalCount = q.totalCount;
    this.counts = q.counts;
    this.hasMore = q.pageInfo.hasNextPage;
    this.cursor = q.pageInfo.endCursor;
  }
}
