// The production entry: serves the API and the web app on the configured database, migrated on
// start and never seeded (`pnpm start` runs scripts/start.ts, which seeds an empty database first).
import { loadConfig } from './config.ts';
import { startServer, stopOnSignals } from './start-server.ts';

const server = await startServer(loadConfig());
console.log(`Ready: ${server.url}   (GraphQL: ${server.url}/graphql)`);
stopOnSignals(server);
