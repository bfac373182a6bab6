// Imported first by api-bench.ts, so it runs before graphql and express load: measure the API as
// it is deployed. graphql 16 outside NODE_ENV=production checks every instanceof by constructor
// name (about 6 ms of a 10,000-station map response). An explicit NODE_ENV is kept.
process.env.NODE_ENV ||= 'production';
export {};
