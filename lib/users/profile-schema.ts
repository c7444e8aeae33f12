import { z } from "zod";

/**
 * The rules of a user's profile fields (SPEC sections 1 and 5), shared by the edit form (instant
 * feedback), the server actions and the domain function (the rule that counts, whatever the door).
 * Only zod here: the browser imports this file.
 */

export const NAME_MAX = 100;
export const TEXT_MAX = 120;
export const PHONE_MAX = 40;
export const EMAIL_MAX = 254;

// Letters of any script with their combining marks (Devanagari, Thai… need \p{M}), spaces,
// hyphens and both apostrophes (’ is what phones type).
const NAME_CHARS = /^[\p{L}\p{M} '’-]+$/u;
const PHONE_CHARS = /^\+?[\d\s().\/-]+(?:\s*(?:x|ext\.?)\s*\d+)?$/i;

/** A first or last name: trimmed, inner runs of spaces made one, never empty, never a digit. */
export function personName(label: string) {
  return z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .overwrite((v) => v.replace(/\s+/g, " "))
    .min(1, { error: `Enter the ${label}.`, abort: true })
    .max(NAME_MAX, { error: `Keep the ${label} to ${NAME_MAX} characters.`, abort: true })
    .refine((v) => !/\p{N}/u.test(v), { error: `A ${label} cannot contain digits.`, abort: true })
    .regex(NAME_CHARS, { error: `Use only letters, spaces, hyphens and apostrophes in the ${label}.`, abort: true })
    .refine((v) => /\p{L}/u.test(v), { error: `A ${label} needs at least one letter.` });
}

/**
 * Characters a profile text may not hold: control characters (NUL, line breaks, escapes), which
 * break exports and logs, and the bidirectional overrides and isolates that make a shown text read
 * otherwise than it is stored ("Trojan Source").
 */
export const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** An optional text: trimmed; empty means "none" and is stored as null; absent means "unchanged". */
function optionalText(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: `Keep the ${label} to ${max} characters.`, abort: true })
    .refine((v) => !UNSAFE_TEXT.test(v), { error: `Remove the invisible control or text-direction characters from the ${label}.` })
    .transform((v) => (v === "" ? null : v))
    .nullish();
}

const phone = z
  .string()
  .trim()
  .max(PHONE_MAX, { error: `Keep the phone number to ${PHONE_MAX} characters.`, abort: true })
  .refine((v) => !UNSAFE_TEXT.test(v), { error: "Remove the invisible control or text-direction characters from the phone number.", abort: true })
  .refine((v) => v === "" || (PHONE_CHARS.test(v) && /\d/.test(v)), {
    error: "Use digits, spaces and + ( ) - . / only, with an optional extension (ext 12).",
  })
  .transform((v) => (v === "" ? null : v))
  .nullish();

export const kindSchema = z.enum(["internal", "external"], { error: "Choose internal or external." });

/** Lower-cased like the unique index on accounts (SPEC section 1: emails are case-insensitive). */
export const emailSchema = z
  .string({ error: "Enter the email address." })
  .trim()
  .toLowerCase()
  .min(1, { error: "Enter the email address.", abort: true })
  .max(EMAIL_MAX, { error: `Keep the email address to ${EMAIL_MAX} characters.`, abort: true })
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const profileFieldsSchema = z.object({
  firstName: personName("first name"),
  lastName: personName("last name"),
  title: optionalText("title", TEXT_MAX),
  service: optionalText("service", TEXT_MAX),
  phone,
  kind: kindSchema.optional(),
  email: emailSchema.optional(),
});

/** What a form or a caller sends: strings as typed; title, service, phone, kind, email may be left out. */
export type ProfileFieldsInput = z.input<typeof profileFieldsSchema>;
export type ProfileFields = z.output<typeof profileFieldsSchema>;
