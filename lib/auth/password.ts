import { hash, verify } from "@node-rs/argon2";
import { randomBytes, randomInt } from "node:crypto";

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane); Algorithm.Argon2id is the library default.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a refusal, never a crash of the sign-in page.
    return false;
  }
}

// Verified against when the account does not exist, so both answers take about as long.
let dummyHash: Promise<string> | undefined;
export function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}

const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const symbols = "!#$%*+-=?@_";

/** 20 characters from a look-alike-free alphabet, at least one digit and one symbol. */
export function generatePassword(length = 20): string {
  const chars = Array.from({ length: length - 2 }, () => alphabet[randomInt(alphabet.length)]);
  chars.splice(randomInt(chars.length + 1), 0, String(randomInt(2, 10)));
  chars.splice(randomInt(chars.length + 1), 0, symbols[randomInt(symbols.length)]);
  return chars.join("");
}
