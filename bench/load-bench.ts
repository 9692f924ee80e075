// npm run bench:load — a duty morning: twenty people at once (issue 17).
//
// Loads the referrals bench data (bench/referrals-bench.ts: 150,000 referrals over ten years on
// PGlite; 1,500,000 on PostgreSQL when DATABASE_URL is set) into a database of its own
// (bench/load-bench-target.ts refuses any other), then starts the real server as a child process
// (`node scripts/start.mjs`, development mode, on 127.0.0.1) with BENCH_BARE_ROUTES=1, signs in as
// the demo people whose roles use each page, and for each page:
//   * paced: 20 users, each making a request every 2 s (≈10 requests/s) — p50/p95;
//   * saturated: 20 keep-alive connections, no think time, interleaved in rounds with the page's
//     bare route (src/bench-bare-routes.ts: the page's main query, same process, same database,
//     no session/template/audit) — p50/p95, requests/s and the page's share of the bare rate;
// and prints the 1-minute load average beside each page (the machine may be shared).
//
//   --quick            5,000 referrals (PostgreSQL too), shorter phases: for trying it
//   --pages=a,b        only these pages (names as printed)
//   --cpu-prof         the server writes a V8 CPU profile (.cpuprofile) into the run's folder, and
//                      the bench prints, per page, the server's main-thread time per request in
//                      the page's saturated rounds against its bare route's, and where it went
//   BENCH_DATA_DIR     keep the PGlite data there and reuse it (must be empty or the bench's own)
//   BENCH_SKIP_PGLITE=1  PostgreSQL only; BENCH_REFERRALS / BENCH_PG_REFERRALS set the sizes
//   DATABASE_URL       postgres://…/amhp_bench… (created if missing, kept for the next run)

import { spawn, type ChildProcess } from "node:child_process";
import {
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { prepare } from "../src/bootstrap.js";
import { testConfig } from "../src/config.js";
import { systemClock } from "../src/platform/clock.js";
import { allTables } from "../test/support/all-tables.js";
import { breakdown, type CpuProfile, type Window } from "./cpu-profile.js";
import { generate } from "./referrals-bench.js";
import {
  NotTheBenchDatabase,
  ownDataDir,
  ownPostgresDatabase,
} from "./load-bench-target.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const CPU_PROF = args.includes("--cpu-prof");
const ONLY = args
  .find((a) => a.startsWith("--pages="))
  ?.slice(8)
  .split(",");
const PGLITE_TOTAL = Number(
  process.env.BENCH_REFERRALS ?? (QUICK ? 5_000 : 150_000),
);
const PG_TOTAL = Number(
  process.env.BENCH_PG_REFERRALS ?? (QUICK ? 5_000 : 1_500_000),
);
const CONNECTIONS = 20;
const ROUNDS = QUICK ? 2 : 3;
const ROUND_SECONDS = QUICK ? 2 : 4;
const PACED_SECONDS = QUICK ? 6 : 20;
const PACE_MS = 2_000;
const PASSWORD = process.env.DEMO_PASSWORD ?? "demo-password-2026";

interface Samples {
  referrals: Array<{ id: string; familyName: string; nhsNumber: string }>;
  amhpReferrals: string[];
  registerPersonId: string;
  evaluationId: string;
  today: string;
}

interface PageSpec {
  name: string;
  users: string[];
  url: (i: number, user: string) => string;
  bare: (i: number) => string;
}

function pages(s: Samples): PageSpec[] {
  const ref = (i: number) => s.referrals[i % s.referrals.length]!;
  const own = (i: number, user: string) =>
    user === "amhp@example.org" && s.amhpReferrals.length > 0
      ? s.amhpReferrals[i % s.amhpReferrals.length]!
      : ref(i).id;
  const b = (page: string, q = "") => `/__bench/bare/${page}${q}`;
  return [
    {
      name: "home",
      users: ["lead@example.org", "amhp@example.org", "support@example.org"],
      url: () => "/",
      bare: () => b("home"),
    },
    {
      name: "referrals list",
      users: ["support@example.org", "amhp@example.org", "lead@example.org"],
      url: () => "/referrals",
      bare: () => b("list"),
    },
    {
      name: "name search",
      users: ["support@example.org", "jonah.pettigrew@example.org"],
      url: (i) => `/referrals?q=${encodeURIComponent(ref(i).familyName)}`,
      bare: (i) =>
        b("name-search", `?q=${encodeURIComponent(ref(i).familyName)}`),
    },
    {
      name: "NHS number search",
      users: ["support@example.org", "jonah.pettigrew@example.org"],
      url: (i) => `/referrals?q=${ref(i).nhsNumber}`,
      bare: (i) => b("nhs-search", `?q=${ref(i).nhsNumber}`),
    },
    {
      name: "a referral",
      users: ["amhp@example.org", "lead@example.org"],
      url: (i, u) => `/referrals/${own(i, u)}`,
      bare: (i) => b("referral", `?id=${ref(i).id}`),
    },
    {
      name: "assessment record",
      users: ["amhp@example.org", "lead@example.org"],
      url: (i, u) => `/referrals/${own(i, u)}/assessment`,
      bare: (i) => b("assessment", `?id=${ref(i).id}`),
    },
    {
      name: "duty board",
      users: ["lead@example.org", "support@example.org", "manager@example.org"],
      url: () => "/duty/board",
      bare: () => b("duty-board", `?date=${s.today}`),
    },
    {
      name: "allocation sheet",
      users: ["lead@example.org", "esther.valcourt@example.org"],
      url: () => `/duty/allocation-sheet/${s.today}`,
      bare: () => b("allocation-sheet", `?date=${s.today}`),
    },
    {
      name: "whereabouts board",
      users: ["lead@example.org", "manager@example.org"],
      url: () => "/safety/board",
      bare: () => b("whereabouts"),
    },
    {
      name: "register person",
      users: ["lead-amhp@example.org"],
      url: () => `/register/people/${s.registerPersonId}`,
      bare: () => b("register-person", `?id=${s.registerPersonId}`),
    },
    {
      name: "standards evaluation",
      users: ["lead@example.org", "amhp@example.org"],
      url: () => `/standards/evaluations/${s.evaluationId}`,
      bare: () => b("evaluation", `?id=${s.evaluationId}`),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// HTTP: keep-alive connections, bodies read and dropped (compressed, as a browser asks for).

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  port: number,
  path: string,
  options: {
    cookie?: string;
    method?: string;
    form?: string;
    keepBody?: boolean;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      accept: "text/html,application/json",
      "accept-encoding": options.keepBody ? "identity" : "br, gzip",
    };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers["content-length"] = String(Buffer.byteLength(options.form));
    }
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => {
          if (options.keepBody) chunks.push(chunk);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (options.form !== undefined) req.write(options.form);
    req.end();
  });
}

function cookiesOf(
  answer: Answer,
  jar: Map<string, string>,
): Map<string, string> {
  for (const line of answer.headers["set-cookie"] ?? []) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
  return jar;
}

const cookieHeader = (jar: Map<string, string>) =>
  [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function signIn(port: number, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const form = await request(port, "/sign-in", { keepBody: true });
  cookiesOf(form, jar);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? "";
  const body = new URLSearchParams({
    email,
    password: PASSWORD,
    _csrf: csrf,
  }).toString();
  const answer = await request(port, "/sign-in", {
    method: "POST",
    form: body,
    cookie: cookieHeader(jar),
    keepBody: true,
  });
  cookiesOf(answer, jar);
  if (answer.status !== 303 || !jar.get("amhp_session"))
    throw new Error(`Signing in as ${email} answered ${answer.status}`);
  return cookieHeader(jar);
}

// ---------------------------------------------------------------------------------------------
// Load: closed loop (saturation) and paced (each user every 2 s).

interface Run {
  latencies: number[];
  count: number;
  errors: number;
  seconds: number;
  /** When it ran, in microseconds of the monotonic clock V8 stamps its profile samples with. */
  window: Window;
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

async function saturate(
  port: number,
  seconds: number,
  next: (worker: number, i: number) => { path: string; cookie?: string },
): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const startUs = monotonicUs();
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      for (let i = 0; performance.now() < end; i += 1) {
        const { path, cookie } = next(worker, i);
        const t0 = performance.now();
        const answer = await request(port, path, cookie ? { cookie } : {});
        latencies.push(performance.now() - t0);
        if (answer.status !== 200) errors += 1;
      }
    }),
  );
  return {
    latencies,
    count: latencies.length,
    errors,
    seconds: (performance.now() - start) / 1000,
    window: { startUs, endUs: monotonicUs() },
  };
}

async function paced(
  port: number,
  seconds: number,
  next: (worker: number, i: number) => { path: string; cookie?: string },
): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const startUs = monotonicUs();
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      // Spread the twenty users over the 2-second cycle, then one request each every 2 s.
      for (let i = 0; ; i += 1) {
        const due = start + (worker * PACE_MS) / CONNECTIONS + i * PACE_MS;
        if (due >= end) break;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const { path, cookie } = next(worker, i);
        const t0 = performance.now();
        const answer = await request(port, path, cookie ? { cookie } : {});
        latencies.push(performance.now() - t0);
        if (answer.status !== 200) errors += 1;
      }
    }),
  );
  return {
    latencies,
    count: latencies.length,
    errors,
    seconds: (performance.now() - start) / 1000,
    window: { startUs, endUs: monotonicUs() },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[
      Math.min(
        sorted.length - 1,
        Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
      )
    ] ?? NaN
  );
}

type Rounds = Omit<Run, "window"> & { windows: Window[] };

function merge(runs: Run[]): Rounds {
  return {
    latencies: runs.flatMap((r) => r.latencies),
    count: runs.reduce((n, r) => n + r.count, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    seconds: runs.reduce((n, r) => n + r.seconds, 0),
    windows: runs.map((r) => r.window),
  };
}

interface Result {
  page: string;
  users: string;
  pacedP50: number;
  pacedP95: number;
  satP50: number;
  satP95: number;
  rps: number;
  bareP95: number;
  bareRps: number;
  errors: number;
  load: number;
  /** The saturated rounds of the page and of its bare route (for --cpu-prof). */
  pageRounds?: Rounds;
  bareRounds?: Rounds;
}

async function measurePage(
  port: number,
  spec: PageSpec,
  sessions: Map<string, string>,
): Promise<Result> {
  const pageReq = (worker: number, i: number) => {
    const user = spec.users[worker % spec.users.length]!;
    return {
      path: spec.url(worker * 1000 + i, user),
      cookie: sessions.get(user)!,
    };
  };
  const bareReq = (worker: number, i: number) => ({
    path: spec.bare(worker * 1000 + i),
  });
  // Warm both (caches, JIT), then page and bare in alternating rounds, so a change in the
  // machine's load between them touches both alike.
  const warm = await saturate(port, 1, pageReq);
  await saturate(port, 1, bareReq);
  if (warm.count / warm.seconds < 1) {
    // Under one request a second at 20 connections: each phase would take minutes to drain.
    return {
      page: spec.name,
      users: "",
      pacedP50: NaN,
      pacedP95: NaN,
      satP50: percentile(warm.latencies, 50),
      satP95: percentile(warm.latencies, 95),
      rps: warm.count / warm.seconds,
      bareP95: NaN,
      bareRps: NaN,
      errors: warm.errors,
      load: loadavg()[0]!,
    };
  }
  const pageRuns: Run[] = [];
  const bareRuns: Run[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    pageRuns.push(await saturate(port, ROUND_SECONDS, pageReq));
    bareRuns.push(await saturate(port, ROUND_SECONDS, bareReq));
  }
  const pace = await paced(port, PACED_SECONDS, pageReq);
  const page = merge(pageRuns);
  const bare = merge(bareRuns);
  return {
    page: spec.name,
    users: [...new Set(spec.users.map((u) => u.split("@")[0]))].join(", "),
    pacedP50: percentile(pace.latencies, 50),
    pacedP95: percentile(pace.latencies, 95),
    satP50: percentile(page.latencies, 50),
    satP95: percentile(page.latencies, 95),
    rps: page.count / page.seconds,
    bareP95: percentile(bare.latencies, 95),
    bareRps: bare.count / bare.seconds,
    errors: page.errors + bare.errors + pace.errors,
    load: loadavg()[0]!,
    pageRounds: page,
    bareRounds: bare,
  };
}

// ---------------------------------------------------------------------------------------------
// The server: the real one, as a child process, on the bench's database.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

async function startServer(
  env: Record<string, string>,
  workDir: string,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const log = createWriteStream(join(workDir, "server.log"));
  const nodeArgs = CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${workDir}`] : [];
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => k !== "DATABASE_URL" && k !== "NODE_ENV",
    ),
  ) as Record<string, string>;
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(root, "scripts", "start.mjs")],
    {
      cwd: root,
      env: {
        ...base,
        NODE_ENV: "development",
        HOST: "127.0.0.1",
        PORT: String(port),
        BENCH_BARE_ROUTES: "1",
        SEED_DEMO: "true",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `The server stopped while starting (code ${child.exitCode}); see ${join(workDir, "server.log")}`,
      );
    try {
      if ((await request(port, "/health")).status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 180_000)
      throw new Error("The server did not answer /health within 180 s");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log(
    `  server answered /health after ${((performance.now() - t0) / 1000).toFixed(1)} s (log: ${join(workDir, "server.log")})`,
  );
  return { child, port };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

// ---------------------------------------------------------------------------------------------

function londonToday(): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

/** Loads the data if it is not there yet, and picks what the pages will ask for. */
async function load(
  label: string,
  total: number,
  target: { dataDir: string; databaseUrl?: string },
): Promise<Samples> {
  const config = testConfig({
    dataDir: target.dataDir,
    seedDemo: true,
    ...(target.databaseUrl ? { databaseUrl: target.databaseUrl } : {}),
  });
  const t0 = performance.now();
  const { services, releaseLock } = await prepare(config, systemClock);
  try {
    const db = allTables(services.db);
    const count = async () =>
      Number(
        (
          await db
            .selectFrom("referrals")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("reference", "like", "BENCH-%")
            .executeTakeFirstOrThrow()
        ).n,
      );
    let n = await count();
    if (n === 0) {
      console.log(`  generating ${total.toLocaleString("en-GB")} referrals`);
      await generate(db, total);
      n = await count();
    }
    console.log(
      `${label}: ${n.toLocaleString("en-GB")} bench referrals ready after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const referrals = await db
      .selectFrom("referrals")
      .select(["id", "familyName", "nhsNumber"])
      .where("reference", "like", "BENCH-%")
      .orderBy("receivedAt", "desc")
      .limit(40)
      .execute();
    const amhp = await db
      .selectFrom("people")
      .select("id")
      .where("email", "=", "amhp@example.org")
      .executeTakeFirstOrThrow();
    const amhpReferrals = await db
      .selectFrom("referrals")
      .select("id")
      .where("reference", "like", "BENCH-%")
      .where("allocatedAmhpId", "=", amhp.id)
      .orderBy("receivedAt", "desc")
      .limit(20)
      .execute();
    const evaluation = await db
      .selectFrom("standardsEvaluations")
      .select("id")
      .orderBy("evaluationDate", "desc")
      .executeTakeFirstOrThrow();
    const entry = await db
      .selectFrom("registerEntries")
      .select("personId")
      .where("personId", "=", amhp.id)
      .executeTakeFirst();
    const anyEntry =
      entry ??
      (await db
        .selectFrom("registerEntries")
        .select("personId")
        .executeTakeFirstOrThrow());
    return {
      referrals: referrals.map((r) => ({
        id: r.id,
        familyName: r.familyName,
        nhsNumber: r.nhsNumber ?? "",
      })),
      amhpReferrals: amhpReferrals.map((r) => r.id),
      registerPersonId: anyEntry.personId,
      evaluationId: evaluation.id,
      today: londonToday(),
    };
  } finally {
    await services.database.close();
    releaseLock();
  }
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toFixed(digits) : "–";

async function bench(
  label: string,
  total: number,
  target: { dataDir: string; databaseUrl?: string },
  workDir: string,
): Promise<Result[]> {
  const samples = await load(label, total, target);
  const { child, port } = await startServer(
    target.databaseUrl
      ? { DATABASE_URL: target.databaseUrl }
      : { DATA_DIR: target.dataDir },
    workDir,
  );
  const results: Result[] = [];
  try {
    const specs = pages(samples).filter(
      (p) =>
        !ONLY ||
        ONLY.some((o) => p.name.toLowerCase().includes(o.toLowerCase())),
    );
    const sessions = new Map<string, string>();
    for (const user of new Set(specs.flatMap((s) => s.users)))
      sessions.set(user, await signIn(port, user));
    for (const spec of specs) {
      for (const user of spec.users) {
        const first = await request(port, spec.url(0, user), {
          cookie: sessions.get(user)!,
        });
        if (first.status !== 200)
          throw new Error(`${spec.name} answered ${first.status} for ${user}`);
      }
      if ((await request(port, spec.bare(0))).status !== 200)
        throw new Error(`${spec.name}'s bare route did not answer 200`);
    }
    console.log(
      `  ${CONNECTIONS} connections; saturated: ${ROUNDS} rounds × ${ROUND_SECONDS} s page then bare; paced: 20 users × 1 request / 2 s for ${PACED_SECONDS} s`,
    );
    console.log(
      [
        "page",
        "paced p50",
        "paced p95",
        "sat p50",
        "sat p95",
        "page req/s",
        "bare req/s",
        "bare p95",
        "ratio",
        "errors",
        "load",
      ]
        .map((h, i) => (i === 0 ? h.padEnd(22) : h.padStart(11)))
        .join(""),
    );
    for (const spec of specs) {
      const r = await measurePage(port, spec, sessions);
      results.push(r);
      console.log(
        [
          r.page.padEnd(22),
          fmt(r.pacedP50, 1),
          fmt(r.pacedP95, 1),
          fmt(r.satP50, 1),
          fmt(r.satP95, 1),
          fmt(r.rps),
          fmt(r.bareRps),
          fmt(r.bareP95, 1),
          `${fmt((100 * r.rps) / r.bareRps)}%`,
          String(r.errors),
          fmt(r.load, 1),
        ]
          .map((c, i) => (i === 0 ? c : c.padStart(11)))
          .join(""),
      );
    }
  } finally {
    await stopServer(child);
  }
  if (CPU_PROF) printProfileSplit(workDir, results);
  console.log(
    `\n${label} (markdown; times in ms; paced = 20 users × 1 request / 2 s; saturated = ${CONNECTIONS} connections, no think time):\n`,
  );
  console.log(
    "| page | paced p50 / p95 | saturated p50 / p95 | page req/s | bare req/s | ratio | load avg |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const r of results) {
    const flag = (ok: boolean, text: string) => (ok ? text : `**${text}**`);
    console.log(
      `| ${r.page} | ${fmt(r.pacedP50)} / ${flag(r.pacedP95 <= 50, fmt(r.pacedP95))} | ${fmt(r.satP50)} / ${fmt(r.satP95)} | ${fmt(r.rps)} | ${fmt(r.bareRps)} | ${flag(r.rps / r.bareRps >= 0.5, `${fmt((100 * r.rps) / r.bareRps)}%`)} | ${fmt(r.load, 1)} |`,
    );
  }
  return results;
}

/**
 * Per page: the server's main-thread time per request in the page's saturated rounds and in its
 * bare route's (from the profile's samples inside those rounds), and the places that took the
 * page's time. On PGlite the database runs in that thread and is counted; on PostgreSQL it is a
 * process of its own and is not.
 */
function printProfileSplit(workDir: string, results: Result[]): void {
  const file = readdirSync(workDir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) {
    console.log(`  (no .cpuprofile in ${workDir})`);
    return;
  }
  const profile = JSON.parse(
    readFileSync(join(workDir, file), "utf8"),
  ) as CpuProfile;
  console.log(
    `\n  Server main thread per request, saturated (${file}); the page's time by place:`,
  );
  for (const r of results) {
    if (!r.pageRounds || !r.bareRounds) continue;
    const page = breakdown(profile, r.pageRounds.windows);
    const bare = breakdown(profile, r.bareRounds.windows);
    const perRequest = (b: { busyUs: number }, count: number) =>
      count > 0 ? `${(b.busyUs / 1000 / count).toFixed(2)} ms` : "–";
    const busyShare = (b: { busyUs: number; totalUs: number }) =>
      b.totalUs > 0 ? `${Math.round((100 * b.busyUs) / b.totalUs)}% busy` : "";
    console.log(
      `  ${r.page}: page ${perRequest(page, r.pageRounds.count)} (${busyShare(page)}), bare ${perRequest(bare, r.bareRounds.count)} (${busyShare(bare)})`,
    );
    const places = [...page.byPlace]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(
        ([place, us]) =>
          `${place} ${Math.round((100 * us) / page.busyUs)}%`,
      );
    console.log(`    ${places.join(", ")}`);
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  console.log(
    `Load bench${QUICK ? " (--quick)" : ""}: load average at start ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")} on ${(await import("node:os")).cpus().length} cores`,
  );
  if (process.env.BENCH_SKIP_PGLITE !== "1") {
    const { dir, temporary } = ownDataDir(process.env.BENCH_DATA_DIR);
    const workDir = mkdtempSync(join(tmpdir(), "amhp-load-bench-run-"));
    try {
      await bench("PGlite", PGLITE_TOTAL, { dataDir: dir }, workDir);
    } finally {
      if (temporary) rmSync(dir, { recursive: true, force: true });
      console.log(
        `  run folder (server log${CPU_PROF ? ", CPU profile" : ""}): ${workDir}`,
      );
    }
  }
  if (databaseUrl) {
    const { name, created } = await ownPostgresDatabase(databaseUrl);
    console.log(
      `\nPostgreSQL: ${created ? "created" : "reusing"} the bench's database ${name} (kept for the next run; drop it yourself when done)`,
    );
    const workDir = mkdtempSync(join(tmpdir(), "amhp-load-bench-run-"));
    const scratch = mkdtempSync(join(tmpdir(), "amhp-load-bench-pg-"));
    try {
      await bench(
        "PostgreSQL",
        PG_TOTAL,
        { dataDir: scratch, databaseUrl },
        workDir,
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      console.log(
        `  run folder (server log${CPU_PROF ? ", CPU profile" : ""}): ${workDir}`,
      );
    }
  }
  console.log(
    `\nLoad average at the end: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}`,
  );
  agent.destroy();
}

main().catch((error: unknown) => {
  if (error instanceof NotTheBenchDatabase) {
    process.stderr.write(`\n${error.message}\n\n`);
    process.exit(2);
  }
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
