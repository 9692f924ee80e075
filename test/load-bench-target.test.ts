// Bad input for npm run bench:load (issue 17): it loads 150,000 invented referrals, so it must
// refuse any database that is not its own, say why, and leave it untouched.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  benchDatabaseName,
  DB_MARKER,
  DIR_MARKER,
  judgeExistingDatabase,
  NotTheBenchDatabase,
  ownDataDir,
  ownPostgresDatabase,
} from "../bench/load-bench-target.js";
import { loadConfig } from "../src/config.js";
import { createTestApp } from "./support/test-app.js";

describe("the load bench runs only on a database of its own", () => {
  const scratch = mkdtempSync(join(tmpdir(), "load-bench-target-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("refuses a DATABASE_URL whose database name does not start with amhp_bench, before connecting", async () => {
    for (const url of [
      "postgres://postgres@127.0.0.1:5432/amhp_hub",
      "postgres://postgres@127.0.0.1:5432/postgres",
      "postgres://postgres@127.0.0.1:5432/",
    ]) {
      expect(() => benchDatabaseName(url)).toThrow(NotTheBenchDatabase);
    }
    expect(() =>
      benchDatabaseName("postgres://postgres@127.0.0.1:5432/amhp_hub"),
    ).toThrow(
      /"amhp_hub".*starts with "amhp_bench".*never touch a live database/,
    );
    // Port 9 (discard): were it to connect, this would fail differently; the name is refused first.
    await expect(
      ownPostgresDatabase("postgres://postgres@127.0.0.1:9/live_service"),
    ).rejects.toThrow(NotTheBenchDatabase);
    expect(
      benchDatabaseName("postgres://postgres@127.0.0.1:5432/amhp_bench_load"),
    ).toBe("amhp_bench_load");
  });

  it("refuses a name that would need quoting (it is put into CREATE DATABASE)", () => {
    expect(() =>
      benchDatabaseName(
        "postgres://postgres@127.0.0.1:5432/amhp_bench%3B%20drop",
      ),
    ).toThrow(NotTheBenchDatabase);
  });

  it("refuses an amhp_bench database that holds tables the bench did not make, and accepts an empty one or its own", () => {
    expect(() =>
      judgeExistingDatabase("amhp_bench_x", { tables: 62, comment: null }),
    ).toThrow(
      /already holds 62 table\(s\) and was not made by the load bench.*may hold real data/,
    );
    expect(() =>
      judgeExistingDatabase("amhp_bench_x", {
        tables: 62,
        comment: "production",
      }),
    ).toThrow(NotTheBenchDatabase);
    expect(() =>
      judgeExistingDatabase("amhp_bench_x", { tables: 0, comment: null }),
    ).not.toThrow();
    expect(() =>
      judgeExistingDatabase("amhp_bench_x", { tables: 62, comment: DB_MARKER }),
    ).not.toThrow();
  });

  it("refuses a non-empty data directory without its marker, and leaves it untouched", () => {
    const live = join(scratch, "live");
    mkdirSync(live);
    writeFileSync(join(live, "PG_VERSION"), "17\n");
    expect(() => ownDataDir(live)).toThrow(
      /not empty and was not made by the load bench.*never write into a live data directory/,
    );
    expect(readdirSync(live)).toEqual(["PG_VERSION"]);
    expect(readFileSync(join(live, "PG_VERSION"), "utf8")).toBe("17\n");
  });

  it("takes an empty directory (marking it), its own again, or makes a temporary one", () => {
    const empty = join(scratch, "empty");
    expect(ownDataDir(empty)).toEqual({ dir: empty, temporary: false });
    expect(readdirSync(empty)).toContain(DIR_MARKER);
    writeFileSync(join(empty, "PG_VERSION"), "17\n");
    expect(ownDataDir(empty).dir).toBe(empty);
    const made = ownDataDir(undefined);
    expect(made.temporary).toBe(true);
    expect(readdirSync(made.dir)).toEqual([DIR_MARKER]);
    rmSync(made.dir, { recursive: true, force: true });
  });

  it("the bare routes' flag is refused in production", () => {
    expect(() =>
      loadConfig({ NODE_ENV: "production", BENCH_BARE_ROUTES: "true" }),
    ).toThrow(/BENCH_BARE_ROUTES.*never enabled in production/);
    expect(
      loadConfig({ NODE_ENV: "development", BENCH_BARE_ROUTES: "true" })
        .benchBareRoutes,
    ).toBe(true);
    expect(loadConfig({ NODE_ENV: "production" }).benchBareRoutes).toBe(false);
  });

  it("the bare routes exist only when the flag is set", async () => {
    const plain = await createTestApp({ template: "base" });
    try {
      expect(
        (await plain.app.inject({ method: "GET", url: "/__bench/bare/list" }))
          .statusCode,
      ).toBe(404);
    } finally {
      await plain.close();
    }
    const bench = await createTestApp({
      template: "base",
      config: { benchBareRoutes: true },
    });
    try {
      const answer = await bench.app.inject({
        method: "GET",
        url: "/__bench/bare/list",
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toHaveProperty("rows");
    } finally {
      await bench.close();
    }
  });
});
