import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../src/platform/roles.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import {
  concretePath,
  exampleOf,
  operationsOf,
  tokensByRole,
  WRITE_METHODS,
  type JsonSchema,
  type Operation,
} from "./api-support.js";

/**
 * Bad input never reaches a server error: every write operation gets at least 200 generated bad
 * bodies (seeded, so a failure replays) — wrong types, missing and extra fields, impossible
 * dates, huge strings, NUL characters, numbers beyond 32 bits, non-UUID ids, null and non-objects.
 */
const RUNS_PER_OPERATION = 200;
const SEED = 20_261_201;

const badScalar = fc.oneof(
  fc.constant(null),
  fc.constant(""),
  fc.constant("\u0000"),
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
  fc.constant("x".repeat(100_000)),
  fc.constant("2026-02-30T09:00"),
  fc.constant("2026-11-31"),
  fc.constant("2026-03-29T01:30"),
  fc.constant("2026-10-25T01:30"),
  fc.constant("1"),
  fc.constant("0"),
  fc.constant("not-a-uuid"),
  fc.constant("00000000-0000-0000-0000-000000000000"),
  fc.constant(2 ** 31),
  fc.constant(2 ** 53),
  fc.constant(-(2 ** 31) - 1),
  fc.constant(1e308),
  fc.constant(-1),
  fc.constant(0.5),
  fc.constant(true),
  fc.constant([]),
  fc.constant({}),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

function badBodies(schema: JsonSchema): fc.Arbitrary<unknown> {
  const valid = exampleOf(schema);
  const fields =
    valid !== null && typeof valid === "object" && !Array.isArray(valid)
      ? Object.keys(valid)
      : [];
  const properties = Object.keys(schema.properties ?? {});
  const names = [
    ...new Set([...fields, ...properties, "id", "version", "unexpected"]),
  ];
  const mutated = fc
    .record({
      field: fc.constantFrom(...names),
      value: badScalar,
      drop: fc.boolean(),
    })
    .map(({ field, value, drop }) => {
      const body = Object.fromEntries(
        Object.entries(valid as Record<string, unknown>).filter(
          ([name]) => !drop || name !== field,
        ),
      );
      if (!drop) body[field] = value;
      return body;
    });
  const severalMutations = fc
    .array(fc.tuple(fc.constantFrom(...names), badScalar), {
      minLength: 2,
      maxLength: 6,
    })
    .map((pairs) => {
      const body = { ...(valid as Record<string, unknown>) };
      for (const [field, value] of pairs) body[field] = value;
      return body;
    });
  return fc.oneof(
    { weight: 4, arbitrary: mutated },
    { weight: 2, arbitrary: severalMutations },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: badScalar },
  );
}

/**
 * Runs the fuzz over one shard of the write operations (every `shards`-th, from `shard`): the
 * suite has a file per shard so the work spreads over the test workers.
 */
export function fuzzWriteOperations(shard: number, shards: number): void {
  describe(`bad input never causes a server error (operations ${shard + 1} of every ${shards})`, () => {
    let t: TestApp;
    let operations: Operation[];
    let tokens: Map<string, string>;

    beforeAll(async () => {
      t = await createTestApp({
        template: "base",
        config: { signInRateLimitPerMinute: 10_000, logLevel: "silent" },
      });
      const document = (
        await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" })
      ).json();
      operations = operationsOf(document, t.app.routeTable)
        .filter((operation) => WRITE_METHODS.has(operation.method))
        .filter((_operation, index) => index % shards === shard);
      tokens = await tokensByRole(t.app, t.services, ROLES);
    }, 120_000);
    afterAll(async () => t.close());

    it(`sends ${RUNS_PER_OPERATION} generated bad bodies to every write operation and gets no 5xx`, async () => {
      expect(operations.length).toBeGreaterThan(20 / shards);
      const failures: string[] = [];
      let sent = 0;
      for (const [index, operation] of operations.entries()) {
        const headers = {
          authorization: `Bearer ${tokens.get(operation.roles?.[0] ?? "admin")!}`,
          "content-type": "application/json",
        };
        await fc
          .assert(
            fc.asyncProperty(
              badBodies(operation.body ?? { type: "object" }),
              async (body) => {
                sent += 1;
                const response = await t.app.inject({
                  method: operation.method.toUpperCase() as "POST",
                  url: concretePath(operation),
                  headers,
                  payload: JSON.stringify(body),
                });
                if (response.statusCode >= 500) {
                  failures.push(
                    `${operation.method} ${operation.path} → ${response.statusCode} for ${JSON.stringify(body).slice(0, 200)}`,
                  );
                  return false;
                }
                return true;
              },
            ),
            {
              numRuns: RUNS_PER_OPERATION,
              seed: SEED + index * shards + shard,
              endOnFailure: true,
            },
          )
          .catch(() => undefined);
      }
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThanOrEqual(
        operations.length * RUNS_PER_OPERATION,
      );
    }, 600_000);
  });
}
