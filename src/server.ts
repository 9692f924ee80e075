import { buildApp, registerJobs } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { prepare } from './bootstrap.js';
import { DatabaseUnreachableError } from './db/database.js';
import { DataDirLockedError } from './platform/data-dir-lock.js';
import { systemClock } from './platform/clock.js';
import { collectGarbage } from './platform/collect-garbage.js';
import { loggableError } from './platform/loggable-error.js';
import { DEMO_SIGN_INS } from './demo/demo-people.js';
import { createSmtpTransport } from './platform/smtp-transport.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const started = await prepare(config, systemClock, config.smtpUrl ? createSmtpTransport(config.smtpUrl) : undefined);
  const { services } = started;
  const app = await buildApp(services);
  if (config.databaseUrl) await services.liveEvents.connectPostgres(config.databaseUrl);
  // The first start on a new embedded directory seeded the demo on a database instance it then
  // closed (src/bootstrap.ts): free that instance's memory now rather than at some later major GC.
  if (started.seeded && !config.databaseUrl) collectGarbage();
  registerJobs(services);
  if (config.runJobs) services.scheduler.start(config.jobIntervalSeconds, services.liveEvents);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const began = Date.now();
    // 1. Draining: /health answers 503 "stopping" (the load balancer stops sending), every
    //    response closes its keep-alive connection, and open boards are told to reconnect
    //    elsewhere. Requests keep being answered meanwhile, so none is refused mid-flight.
    app.lifecycle.stopping = true;
    const streams = services.liveEvents.endStreams();
    app.log.info({ signal, openStreams: streams, drainMs: config.shutdownDrainMs }, 'shutting down: draining');
    const force = setTimeout(() => {
      app.log.error('shutdown took longer than 9 s: exiting without finishing');
      started.releaseLock();
      process.exit(1);
    }, 9_000);
    force.unref();
    let code = 0;
    try {
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
      services.liveEvents.endStreams(); // any board that reconnected here meanwhile
      // 2. Stop accepting, answer every request already received, close idle connections.
      await app.close();
      // 3. The timed jobs (a run in progress finishes), the LISTEN connection, the database.
      await services.scheduler.stop();
      await services.liveEvents.close();
      await services.database.close();
    } catch (error) {
      app.log.error({ err: loggableError(error) }, 'error while shutting down');
      code = 1;
    } finally {
      started.releaseLock();
    }
    app.log.info({ signal, ms: Date.now() - began }, 'stopped');
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  const lines = [
    '',
    `${config.serviceName} is running on http://localhost:${config.port} (Node ${process.version}, ${config.env})`,
    `Database: ${where}${started.migrations.length ? `; applied ${started.migrations.length} migration(s)` : ''}${started.fromTemplate !== undefined ? `; new, from the migrated template (${started.fromTemplate} migrations)` : ''}`,
  ];
  if (config.seedDemo) {
    lines.push(started.seeded ? 'Seeded the fictional demo service.' : 'Demo service already present.');
    lines.push(`Demo sign-ins (password: ${config.demoPassword}):`);
    for (const signIn of DEMO_SIGN_INS) lines.push(`  ${signIn.email.padEnd(28)} ${signIn.role}`);
  }
  if (await services.staff.isEmpty()) {
    // A new installation without the demo: say how to get in (no personal data in the log).
    app.log.warn({ event: 'no_people' }, 'There are no people yet, so nobody can sign in: create the first administrator with `npm run create-admin`');
    lines.push('Nobody can sign in yet (no people). Create the first administrator: npm run create-admin', '(on the embedded database, stop the app first: it holds the data directory).');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError || error instanceof ConfigError || error instanceof DatabaseUnreachableError) {
    process.stderr.write(`\n${error.message}\n\n`);
    process.exit(2);
  }
  process.stderr.write(`AMHP Hub failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
