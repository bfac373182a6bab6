// The database handle every repository function takes first: a Kysely instance or a transaction
// (Transaction extends Kysely, so one type covers both).
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';

export type Db = Kysely<Database>;
