import { hash, verify } from '@node-rs/argon2';

// argon2id (the library default) with OWASP's minimum of 19 MiB, 2 passes.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id; the PHC string carries salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the user does not exist, so both paths cost the same.
let dummyHash: Promise<string> | undefined;

/** Checks a password; `stored` undefined still spends one verification (no user enumeration by timing). */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (stored === undefined) {
    dummyHash ??= hashPassword('redmap-no-such-user');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
