import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../src/platform/roles.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { BASE } from "../support/base-data.js";
import { aPerson } from "../support/builders/staff-builders.js";
import { apiToken } from "../support/http-client.js";
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
 *
 * About a third of what the generator draws repeats a body it drew before for the same operation
 * (the bad values are mostly constants, and a dropped field ignores its value). A repeat is only
 * sent again when something may have changed since: it is skipped when the first one was refused
 * (4xx, which writes nothing) and no request has been accepted since, because it is then the same
 * request to the same database and gets the same answer. Every distinct body is still sent.
 *
 * Each body must reach the operation: a 401 would mean it was refused at the door and proved
 * nothing, so any 401 fails the test (signing in with a wrong password is the one place it is
 * the answer). Signing out (DELETE /api/v1/auth/token) revokes the token that asked, so that
 * operation signs in afresh after each accepted request, as a person of its own.
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
    let signingOutEmail: string;

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
      signingOutEmail = (await aPerson("Contract signing out").withRoles("amhp").build(t.services)).email;
    }, 120_000);
    afterAll(async () => t.close());

    it(`sends ${RUNS_PER_OPERATION} generated bad bodies to every write operation and gets no 5xx`, async () => {
      expect(operations.length).toBeGreaterThan(20 / shards);
      const failures: string[] = [];
      let checked = 0;
      let sent = 0;
      // Requests answered below 400, which may have written something: a refused body is only
      // skipped as a repeat while this has not moved.
      let accepted = 0;
      const unauthenticated = new Set<string>();
      for (const [index, operation] of operations.entries()) {
        const signsOut = operation.method === "delete" && operation.path === "/api/v1/auth/token";
        const signsIn = operation.method === "post" && operation.path === "/api/v1/auth/token";
        const headers = {
          authorization: `Bearer ${signsOut ? await apiToken(t.app, signingOutEmail, BASE.password) : tokens.get(operation.roles?.[0] ?? "admin")!}`,
          "content-type": "application/json",
        };
        // One path per operation (its ids are random ones that match nothing), so a repeated
        // body is a repeated request.
        const url = concretePath(operation);
        const refused = new Map<string, number>();
        await fc
          .assert(
            fc.asyncProperty(
              badBodies(operation.body ?? { type: "object" }),
              async (body) => {
                checked += 1;
                const payload = JSON.stringify(body);
                if (refused.get(payload) === accepted) return true;
                sent += 1;
                const response = await t.app.inject({
                  method: operation.method.toUpperCase() as "POST",
                  url,
                  headers,
                  payload,
                });
                if (response.statusCode >= 500) {
                  failures.push(
                    `${operation.method} ${operation.path} → ${response.statusCode} for ${payload.slice(0, 200)}`,
                  );
                  return false;
                }
                if (response.statusCode === 401 && !signsIn) unauthenticated.add(`${operation.method} ${operation.path}`);
                if (response.statusCode < 400) {
                  accepted += 1;
                  if (signsOut) headers.authorization = `Bearer ${await apiToken(t.app, signingOutEmail, BASE.password)}`;
                } else refused.set(payload, accepted);
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
      expect([...unauthenticated], "operations whose bodies were refused at the door (401)").toEqual([]);
      expect(checked).toBeGreaterThanOrEqual(
        operations.length * RUNS_PER_OPERATION,
      );
      // What the skipping saved, for docs/performance.md (no assertion: it depends on the draw).
      console.info(`api fuzz shard ${shard + 1}/${shards}: ${checked} bodies checked, ${sent} sent`);
    }, 600_000);
  });
}
