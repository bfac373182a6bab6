// The production entry: serves the API and the web app on the configured database, migrated on
// start and never seeded (`pnpm start` runs scripts/start.ts, which seeds an empty database first).
// API_WORKERS > 1: that many processes on one port (cluster.ts).
import { serveInProcesses } from './cluster.ts';
import { loadConfig } from './config.ts';

await serveInProcesses(loadConfig(), { onReady: (url) => console.log(`Ready: ${url}   (GraphQL: ${url}/graphql)`) });
