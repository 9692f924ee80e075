// The load bench's yardstick (npm run bench:load, issue 17): one bare Fastify route per measured
// page, in the same server process and on the same database, that runs only that page's main
// query and sends its rows as JSON — no session, no role check, no template, no audit row. The
// bench compares each page's throughput with its bare route's.
//
// Registered only when BENCH_BARE_ROUTES is set (config.benchBareRoutes), which the configuration
// refuses in production (src/config.ts): these routes answer anyone, so they exist only on the
// bench's own server, on the bench's own database, bound to 127.0.0.1.
import type { FastifyInstance } from "fastify";
import type { UntypedDb } from "./db/database.js";
import { bareQueries } from "./bench-bare-repository.js";

export const BENCH_BARE_PREFIX = "/__bench/bare";

export function registerBenchBareRoutes(
  app: FastifyInstance,
  untyped: UntypedDb,
): void {
  const handlers = bareQueries(untyped);
  for (const [page, handler] of Object.entries(handlers)) {
    // Public: no session at all (that is the point of the yardstick), hence never in production.
    app.get(
      `${BENCH_BARE_PREFIX}/${page}`,
      { config: { access: { public: true } } },
      async (request) => ({
        rows: await handler(
          request.query as Record<string, string | undefined>,
        ),
      }),
    );
  }
}
