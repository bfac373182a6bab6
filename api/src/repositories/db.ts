// The database handle type every repository function takes first (a Kysely or a transaction).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '@recycle/db';

export type Db = Kysely<Database> | Transaction<Database>;
