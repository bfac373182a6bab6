// "Needs action" as a work queue (map dashboard): FULL, STALE and nearly full stations of a city,
// or of the whole network for analysts and admins; the true count; paging; filters; two orders;
// and acknowledgements (a note, who, when) that everyone who sees the station sees.
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { InputError, NotFoundError } from '../domain/errors.ts';
import {
  DEFAULT_KINDS,
  isCurrentAcknowledgement,
  NEEDS_ACTION_KINDS,
  NEEDS_ACTION_SORTS,
  type NeedsActionKind,
  type NeedsActionSort,
} from '../domain/needs-action.ts';
import { binFill, STALE_AFTER_MS, type EffectiveStatus } from '../domain/status.ts';
import {
  countNeedsAction,
  latestAcknowledgements,
  listNeedsAction,
  type AcknowledgementRow,
  type QueueKey,
  type QueueRow,
} from '../repositories/needs-action.ts';
import { acknowledgeStation } from '../services/needs-action.ts';
import type { StationRow } from '../repositories/station.ts';
import { builder } from './builder.ts';
import { listCost } from './cost.ts';
import { decodeCursor, encodeCursor, pageSizes } from './cursor.ts';
import { stationScope } from './station-mutations.ts';
import { StationRef, StationStatusEnum } from './station.ts';
import { requireKnownCity } from './city.ts';
import { msg } from '../domain/messages.ts';

const KindEnum = builder.enumType('NeedsActionKind', {
  description:
    'FULL: status FULL. STALE: nothing reported for 24 h. BIN_80: the bin holds at least 80% of its capacity.',
  values: NEEDS_ACTION_KINDS,
});

const SortEnum = builder.enumType('NeedsActionSort', {
  description: 'WAITING: longest wait first. FILL: fullest bin first. Ties by station code.',
  values: NEEDS_ACTION_SORTS,
});

export const AcknowledgementRef = builder.objectRef<AcknowledgementRow>('Acknowledgement').implement({
  description: 'Someone has seen a station that needs action and says what is being done.',
  fields: (t) => ({
    note: t.exposeString('note'),
    at: t.field({ type: 'DateTime', resolve: (a) => a.acknowledged_at }),
    byName: t.exposeString('display_name', { description: 'Display name of who acknowledged it.' }),
    byRole: t.exposeString('role'),
  }),
});

interface ItemShape {
  station: StationRow;
  status: EffectiveStatus;
  since: Date;
  key: QueueKey;
  acknowledgement: AcknowledgementRow | null;
}

const NeedsActionRef = builder.objectRef<ItemShape>('NeedsAction').implement({
  description: 'A station that needs someone to go there.',
  fields: (t) => ({
    station: t.field({ type: StationRef, resolve: (n) => n.station }),
    status: t.field({
      type: StationStatusEnum,
      description: 'Its status now (a BIN_80 station can be OPEN).',
      resolve: (n) => n.status,
    }),
    since: t.field({
      type: 'DateTime',
      description:
        'STALE: the last report. Otherwise the last pickup (the bin has filled since). Never: when the station was created.',
      resolve: (n) => n.since,
    }),
    binFill: t.float({
      description: 'Bin items / capacity (can exceed 1).',
      resolve: (n) => binFill(n.station.bin_items, n.station.bin_capacity),
    }),
    acknowledgement: t.field({
      type: AcknowledgementRef,
      nullable: true,
      description: 'The latest acknowledgement made during this wait (older ones were about an earlier problem).',
      resolve: (n) => n.acknowledgement,
    }),
  }),
});

const CountsRef = builder.objectRef<{ full: number; stale: number; bin80: number }>('NeedsActionCounts').implement({
  description: 'How many stations of the queue are of each kind (a station can be two kinds).',
  fields: (t) => ({ full: t.exposeInt('full'), stale: t.exposeInt('stale'), bin80: t.exposeInt('bin80') }),
});

/** A page of the queue is a screenful a person works through, not an export. */
const MAX_QUEUE_PAGE = 200;

function encodeKey(sort: NeedsActionSort, key: QueueKey): string {
  return encodeCursor(`needs-action-${sort}`, JSON.stringify(key));
}

function decodeKey(sort: NeedsActionSort, cursor: string | null | undefined, field: string): QueueKey | undefined {
  const text = decodeCursor(`needs-action-${sort}`, cursor, field);
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    if (Array.isArray(v) && v.length === 2 && Number.isFinite(v[0]) && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // falls through to the error
  }
  throw InputError.of(field, msg('input.badCursor'));
}

async function withAcknowledgements(ctx: { db: Parameters<typeof latestAcknowledgements>[0] }, rows: QueueRow[]) {
  const acks = new Map(
    (
      await latestAcknowledgements(
        ctx.db,
        rows.map((r) => r.id),
      )
    ).map((a) => [a.station_id, a]),
  );
  return rows.map(({ effective_status, since, sort_key, ...station }): ItemShape => {
    const ack = acks.get(station.id);
    return {
      station,
      status: effective_status,
      since,
      key: [Number(sort_key), station.code],
      acknowledgement: ack && isCurrentAcknowledgement(ack.acknowledged_at, since) ? ack : null,
    };
  });
}

builder.queryField('needsAction', (t) =>
  t.connection(
    {
      type: NeedsActionRef,
      description:
        'The work queue: stations of a city (or, without cityCode, of the whole network) that need someone to go there.',
      args: {
        cityCode: t.arg.string({
          required: false,
          validate: { maxLength: 8 },
          description: 'Omit for the whole network (analysts and admins).',
        }),
        kinds: t.arg({ type: [KindEnum], required: false, description: 'Any of these; default FULL and STALE.' }),
        sort: t.arg({ type: SortEnum, required: false, description: 'Default WAITING.' }),
      },
      // Capped so that a too large page gets the clear InputError below, not a complexity error.
      complexity: (args) => listCost(args.first ?? args.last, 50, MAX_QUEUE_PAGE),
      authScopes: (_r, args) => ({ readCity: args.cityCode ?? null }),
      resolve: async (_r, args, ctx) => {
        for (const field of ['first', 'last'] as const) {
          const n = args[field];
          if (n != null && n > MAX_QUEUE_PAGE)
            throw InputError.of(field, msg('input.pageTooBig', { max: MAX_QUEUE_PAGE, got: n }));
        }
        await requireKnownCity(ctx, args.cityCode, 'cityCode');
        const sort: NeedsActionSort = args.sort ?? 'WAITING';
        const kinds = args.kinds?.length ? ([...new Set(args.kinds)] as NeedsActionKind[]) : DEFAULT_KINDS;
        const filter = {
          cityCode: args.cityCode ?? null,
          kinds,
          staleBefore: new Date(ctx.now.getTime() - STALE_AFTER_MS),
        };
        const after = decodeKey(sort, args.after, 'after');
        const before = decodeKey(sort, args.before, 'before');
        const [connection, counts] = await Promise.all([
          resolveCursorConnection(
            { args, toCursor: (n: ItemShape) => encodeKey(sort, n.key), ...pageSizes(args) },
            async ({ limit, inverted }: ResolveCursorConnectionArgs) =>
              withAcknowledgements(
                ctx,
                await listNeedsAction(ctx.db, filter, sort, { after, before, limit, inverted }),
              ),
          ),
          countNeedsAction(ctx.db, filter),
        ]);
        return { ...connection, totalCount: counts.total, counts };
      },
    },
    {
      fields: (c) => ({
        totalCount: c.int({
          description: 'Stations in the queue with these filters, across all pages.',
          resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount,
        }),
        counts: c.field({
          type: CountsRef,
          resolve: (conn) => (conn as unknown as { counts: { full: number; stale: number; bin80: number } }).counts,
        }),
      }),
    },
  ),
);

builder.mutationField('acknowledgeStation', (t) =>
  t.field({
    type: AcknowledgementRef,
    description:
      'Leaves a note on a station that needs action ("truck booked for 15:00"); everyone who sees it sees who and when.',
    errors: { types: [NotFoundError], directResult: true },
    args: {
      stationCode: t.arg.string({ required: true, validate: { minLength: 1, maxLength: 32 } }),
      note: t.arg.string({ required: true, validate: { maxLength: 2000 } }),
    },
    authScopes: (_r, args, ctx) => stationScope(ctx, args.stationCode, 'operateStation'),
    resolve: (_r, args, ctx) => acknowledgeStation(ctx, args.stationCode, args.note),
  }),
);

// The drawer shows the latest acknowledgement whatever the queue says (readers of the station).
builder.objectField(StationRef, 'latestAcknowledgement', (t) =>
  t.loadable({
    type: AcknowledgementRef,
    nullable: true,
    description: 'The newest acknowledgement left on this station, if any.',
    authScopes: (s) => ({ readStation: s }),
    load: async (ids: number[], ctx) => {
      const rows = new Map((await latestAcknowledgements(ctx.db, ids)).map((a) => [a.station_id, a]));
      return ids.map((id) => rows.get(id) ?? null);
    },
    resolve: (s) => s.id,
  }),
);
