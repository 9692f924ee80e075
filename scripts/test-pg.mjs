// npm run test:pg: the same unit + integration suite against a PostgreSQL server.
// Uses DATABASE_URL when set (default postgres://postgres@127.0.0.1:5432/postgres); the test
// setup creates a throwaway template database and one database per test file, and drops them.
import { spawn } from 'node:child_process';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pg = await import('pg');
const client = new pg.default.Client({ connectionString: databaseUrl });
try {
  await client.connect();
  await client.query('select 1');
} catch (error) {
  console.error(`\nCannot reach PostgreSQL at ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}: ${error.message}\nSet DATABASE_URL to a server where this user may CREATE DATABASE.\n`);
  process.exit(1);
} finally {
  await client.end().catch(() => undefined);
}
const runner = spawn('npx', ['vitest', 'run', ...process.argv.slice(2)], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: 'inherit' });
runner.on('exit', (code) => process.exit(code ?? 1));
