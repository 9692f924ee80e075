import { ConfigError } from '../config.js';
import { BackupError } from './embedded-backup.js';
import { DataDirLockedError } from '../platform/data-dir-lock.js';

/**
 * Runs a command's main and sets the exit code: a refusal the operator can act on (bad
 * configuration, the app still running, a missing or mismatched backup) is printed as it is;
 * anything else as "<what> failed: …".
 */
export function runCli(what: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const known = error instanceof BackupError || error instanceof DataDirLockedError || error instanceof ConfigError;
      process.stderr.write(`\n${known ? (error as Error).message : `${what} failed: ${error instanceof Error ? error.message : String(error)}`}\n\n`);
      process.exitCode = 1;
    },
  );
}
