import { dictionary } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_LENGTH = 12;

let common: Set<string> | undefined;
function commonPasswords() {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common;
}

function normalise(s: string) {
  return s
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

export type PasswordContext = { email?: string | null; firstName?: string | null; lastName?: string | null; username?: string | null };

/**
 * SPEC section 8: at least 12 characters, not a common password (nor one with a few digits or
 * symbols tacked on), not containing the email, its local part, the username or a name.
 * Returns the reasons it fails, empty when it passes.
 */
export function checkPasswordPolicy(password: string, ctx: PasswordContext = {}): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > 256) problems.push("Use at most 256 characters.");
  const p = normalise(password);
  const core = p.replace(/^[\d\W_]+|[\d\W_]+$/g, "");
  const list = commonPasswords();
  if (list.has(p) || (core.length >= 4 && list.has(core)) || /^(.)\1+$/.test(p)) {
    problems.push("This password is too common; choose one that is harder to guess.");
  }
  const email = normalise(ctx.email ?? "");
  const local = email.split("@")[0] ?? "";
  const personal = [email, local, normalise(ctx.username ?? ""), normalise(ctx.firstName ?? ""), normalise(ctx.lastName ?? "")]
    .flatMap((s) => [s, ...s.split(/[.\s_-]+/)])
    .filter((s) => s.length >= 3);
  if (personal.some((s) => p.includes(s))) problems.push("The password must not contain your email address or name.");
  return problems;
}
