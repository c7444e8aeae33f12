import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { emailSchema, kindSchema, personName, profileFieldsSchema } from "./profile-schema";

/**
 * The create-user wizard's input (SPEC section 5), shared by the dialog (per-step feedback), the
 * server action and the domain function (the rule that counts). Only zod here: the browser
 * imports this file. The password policy beyond its length, the seats and the permissions are
 * the server's: they need the database.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

const firstNameRule = personName("first name");
const lastNameRule = personName("last name");

export const workspaceGrantSchema = z.object({
  workspaceId: z.uuid({ error: "Choose a workspace." }),
  roleId: z.uuid({ error: "Choose a role." }),
});

export const createUserSchema = z
  .object({
    email: emailSchema,
    firstName: z.string().trim().default(""),
    lastName: z.string().trim().default(""),
    title: profileFieldsSchema.shape.title,
    service: profileFieldsSchema.shape.service,
    phone: profileFieldsSchema.shape.phone,
    kind: kindSchema.default("internal"),
    access: z.enum(["invitation", "password"], { error: "Choose how the user gets access." }).default("invitation"),
    passwordMode: z.enum(["generate", "typed"]).default("generate"),
    password: z.string().max(256, { error: "Use at most 256 characters." }).default(""),
    confirm: z.string().max(256).default(""),
    isAdmin: z.boolean().default(false),
    isAuditor: z.boolean().default(false),
    workspaces: z.array(workspaceGrantSchema).max(500).default([]),
    /** Empty: no license (allowed). */
    licenseTypeId: z.union([z.literal(""), z.uuid({ error: "Choose a license type." })]).default(""),
    licenseStart: z.string().default(""),
    licenseEnd: z.string().default(""),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    // The names' own rules, reported under their fields; their normalised form is the server's.
    for (const [path, rule, value] of [
      ["firstName", firstNameRule, v.firstName],
      ["lastName", lastNameRule, v.lastName],
    ] as const) {
      const parsed = rule.safeParse(value);
      if (!parsed.success) issue(path, parsed.error.issues[0].message);
    }
    if (v.access === "password" && v.passwordMode === "typed") {
      if (v.password.length < MIN_PASSWORD_LENGTH) issue("password", `Use at least ${MIN_PASSWORD_LENGTH} characters.`);
      if (v.confirm !== v.password) issue("confirm", "The passwords do not match.");
    }
    const seen = new Set<string>();
    for (const grant of v.workspaces) {
      if (seen.has(grant.workspaceId)) issue("workspaces", "Each workspace can be chosen only once.");
      seen.add(grant.workspaceId);
    }
    if (v.licenseTypeId) {
      if (!isDay(v.licenseStart)) issue("licenseStart", "Give the start date.");
      if (!isDay(v.licenseEnd)) issue("licenseEnd", "Give the end date.");
      if (isDay(v.licenseStart) && isDay(v.licenseEnd) && v.licenseStart > v.licenseEnd) {
        issue("licenseEnd", "The license cannot end before it starts.");
      }
    }
  });

/** What the dialog holds and a caller sends. */
export type CreateUserInput = z.input<typeof createUserSchema>;
export type CreateUserValues = z.output<typeof createUserSchema>;

export const lookupEmailSchema = z.object({ email: emailSchema });

/** Step 1's answer: "new" also for an account of another clientspace (SPEC section 2: nothing across tenants). */
export type EmailLookup =
  | { kind: "new"; email: string }
  /** `userId` only when the actor may open their panel. */
  | { kind: "member"; email: string; name: string; userId: string | null };

/** The wizard's steps, in order, and which fields each one shows (to validate and to map server errors). */
export const CREATE_STEPS = ["email", "profile", "access", "rights", "license", "confirm"] as const;
export type CreateStep = (typeof CREATE_STEPS)[number];

export const STEP_FIELDS: Record<CreateStep, readonly (keyof CreateUserInput)[]> = {
  email: ["email"],
  profile: ["firstName", "lastName", "title", "service", "phone", "kind"],
  access: ["access", "passwordMode", "password", "confirm"],
  rights: ["isAdmin", "isAuditor", "workspaces"],
  license: ["licenseTypeId", "licenseStart", "licenseEnd"],
  confirm: [],
};

/** The step that shows a field, for an error the server reports on it. */
export function stepOfField(field: string): CreateStep | null {
  return CREATE_STEPS.find((step) => (STEP_FIELDS[step] as readonly string[]).includes(field)) ?? null;
}
