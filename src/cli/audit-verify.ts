// npm run audit:verify [-- --seal]: walks the audit trail's hash chain and recomputes every
// hash, so a changed, deleted or reordered audit row is found (issue 13, docs/operations.md
// "Audit trail"). Read-only unless --seal is given, which first seals rows not yet sealed (the
// app's sealing job does this every 30 s). Exit 0: the chain is intact; 1: it is broken (each
// break printed). On PostgreSQL it runs while the app runs; for the embedded database stop the
// app first (one process holds the data directory).
import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from '../bootstrap.js';
import { inTransaction } from '../db/database.js';
import { describeBreak } from '../platform/audit-chain.js';
import { auditChainExists, sealPendingAuditRows, verifyAuditChain } from '../platform/audit-chain-repository.js';
import { runCli } from './run-cli.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const { database, releaseLock } = await openConfiguredDatabase(config);
  try {
    if (!(await auditChainExists(database.db))) {
      process.stderr.write('This database has no audit seals yet: start the app once so its migrations run.\n');
      return 2;
    }
    if (process.argv.includes('--seal')) {
      const sealed = await inTransaction(database.db, (trx) => sealPendingAuditRows(trx));
      process.stdout.write(`Sealed ${sealed} audit row(s) not yet sealed.\n`);
    }
    const started = Date.now();
    const report = await verifyAuditChain(database.db);
    process.stdout.write(`Audit chain: ${report.sealed} sealed row(s) checked in ${Date.now() - started} ms; last seal ${report.lastSeq}, hash ${report.lastHash}\n`);
    if (report.unsealed > 0) {
      process.stdout.write(`${report.unsealed} row(s) not yet sealed (the app seals every 30 s; --seal seals them now): first ids ${report.unsealedIds.join(', ')}\n`);
    }
    if (report.breaks.length === 0) {
      process.stdout.write('OK: no sealed audit row has been changed or deleted.\n');
      return 0;
    }
    process.stdout.write(`BROKEN: ${report.breaks.length} problem(s) found:\n`);
    for (const problem of report.breaks.slice(0, 200)) process.stdout.write(`  ${describeBreak(problem)}\n`);
    if (report.breaks.length > 200) process.stdout.write(`  … and ${report.breaks.length - 200} more\n`);
    return 1;
  } finally {
    await database.close();
    releaseLock();
  }
}

runCli('The audit check', main);
