import { hash, verify } from '@node-rs/argon2';

/**
 * How hard a new hash is to compute. `full` everywhere but the automated tests: argon2id with
 * OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane). `test` (1 MiB, 1 iteration) only
 * when NODE_ENV=test asks for it (config.ts refuses it anywhere else), so the suite's hundreds of
 * sign-ins do not each spend a full hash. A hash carries its own cost: verifying needs no setting.
 */
export type PasswordHashCost = 'full' | 'test';

const OPTIONS = {
  full: { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 },
  test: { memoryCost: 1_024, timeCost: 1, parallelism: 1, algorithm: 2 },
} as const;

export function hashPassword(password: string, cost: PasswordHashCost = 'full'): Promise<string> {
  return hash(password, OPTIONS[cost]);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Verifies against a throwaway hash so an unknown email takes as long as a wrong password. */
export async function burnVerificationTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-used-for-timing');
  await verifyPassword(await dummyHash, password);
}

export const PASSWORD_RULES = 'Passwords must be at least 12 characters long and hard to guess: not a common or breached password, a name, a date or a keyboard pattern. A phrase of four unusual words works well.';

/** Scores 0–4 from zxcvbn; below this a password is refused. */
const WEAKEST_ACCEPTED_SCORE = 3;
/** zxcvbn's cost grows with length; the start of a long passphrase is what an attacker guesses. */
const SCORED_PREFIX = 100;

interface StrengthChecker {
  check(password: string): { score: number; feedback: { warning: string | null } };
}
let checker: Promise<StrengthChecker> | undefined;

/**
 * zxcvbn with its common-password, name and English dictionaries (shipped in the packages, no
 * network): loaded on first use, so starting the app does not pay for the dictionaries.
 */
function strengthChecker(): Promise<StrengthChecker> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, english] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
    });
  })();
  return checker;
}

/** Why a password may not be used, or undefined when it may. */
export async function passwordProblem(password: string): Promise<string | undefined> {
  if (password.length < 12) return 'Passwords must be at least 12 characters long';
  if (password.length > 200) return 'Passwords must be 200 characters or fewer';
  const result = (await strengthChecker()).check(password.slice(0, SCORED_PREFIX));
  if (result.score >= WEAKEST_ACCEPTED_SCORE) return undefined;
  const why = result.feedback.warning ? ` (${result.feedback.warning.replace(/\.$/, '').toLowerCase()})` : '';
  return `This password is too easy to guess${why}. Use a phrase of four or more unusual words, not a common password, name, date or keyboard pattern`;
}
