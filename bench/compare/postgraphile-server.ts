// PostGraphile v5 (Amber preset) over the benchmark database, in its own process, as a
// GraphQL-over-PostgreSQL user would run it. Prints "listening <port>"; stops on SIGTERM.
//
// PostGraphile 5.1 declares Node >= 22 and calls Promise.withResolvers (ES2024, Node 22+): on
// Node 20 its first query fails. core-js's standard polyfill of that one method, loaded first,
// is all it needs here (checked on Node 20.20 with every query this benchmark sends).
import 'core-js/actual/promise/with-resolvers.js';
import '../lib/production-env.ts';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { verifyToken } from '../../api/src/auth/token.ts';
import { createDb } from '../../db/src/index.ts';

const connectionString = process.env.DATABASE_URL!;
const tokenKeys = { secret: new TextEncoder().encode(process.env.BENCH_JWT_SECRET!), ttlSeconds: 3600 };

// The functions a PostGraphile user would add to expose the same figures (computed columns).
const setup = await createDb({ databaseUrl: connectionString, poolSize: 1 });
await setup.pool!.query(readFileSync(new URL('./postgraphile.sql', import.meta.url), 'utf8'));
await setup.close();

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({ connectionString, schemas: ['public'], poolConfig: { max: 20 } } as Parameters<
      typeof makePgService
    >[0]),
  ],
  grafserv: { graphiql: false },
  grafast: {
    // The same token check as the product (HS256 JWT via jose); no per-row rules: PostGraphile
    // here does strictly less authorization work than the product.
    async context(requestContext) {
      const header = requestContext.node?.req.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7) : null;
      const viewer = token ? await verifyToken(tokenKeys, token) : null;
      return { viewer } as Partial<Grafast.Context>;
    },
  },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
await serv.addTo(server);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => void Promise.resolve(pgl.release()).then(() => process.exit(0))));
