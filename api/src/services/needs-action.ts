// Writes of the needs-action work queue. Each owns its transaction and its audit entry.
import type { Context } from '../context.ts';
import { ForbiddenError, InputError, NotFoundError } from '../domain/errors.ts';
import { noteProblem } from '../domain/needs-action.ts';
import { writeAudit } from '../repositories/audit.ts';
import {
  insertAcknowledgement,
  latestAcknowledgements,
  type AcknowledgementRow,
} from '../repositories/needs-action.ts';
import { msg } from '../domain/messages.ts';

/**
 * Acknowledges a station in the queue with a note ("truck booked for 15:00"): stored with who and
 * when, audited, and shown to everyone who sees the station. Scope (who may) is checked by the
 * schema field (operateStation); here: the rules and the write.
 */
export async function acknowledgeStation(ctx: Context, stationCode: string, note: string): Promise<AcknowledgementRow> {
  const problem = noteProblem(note);
  if (problem) throw InputError.of('note', problem);
  const station = await ctx.loaders.stationIdentity(stationCode);
  if (!station) throw new NotFoundError('Station', stationCode, 'stationCode');
  const viewer = ctx.viewer!;
  // A note says who took the station in hand: a paired counter device (no person) cannot.
  const userId = viewer.userId;
  if (userId === null) throw new ForbiddenError(msg('needsAction.personOnly'));
  return ctx.db.transaction().execute(async (trx) => {
    const row = await insertAcknowledgement(trx, { stationId: station.id, note: note.trim(), userId, at: ctx.now });
    await writeAudit(trx, {
      actorId: viewer.userId,
      action: 'acknowledgeStation',
      entity: 'station',
      entityId: station.code,
      after: { acknowledgementId: row.id, note: row.note },
      requestId: ctx.requestId,
      at: ctx.now,
    });
    return (await latestAcknowledgements(trx, [station.id]))[0]!;
  });
}
