import { can, isHomeOf, type Actor, type TargetUser } from "@/lib/permissions";
import type { CreateUserInput } from "@/lib/users/create-user-schema";
import type { ExistingUser, ImportContext, NamedRow } from "./context";
import { capWarnings, isUuid, type ParsedRow, type RowValues } from "./row-values";
import type { Profile } from "@/lib/users/profile";

/**
 * The decision for one import row (SPEC section 6): create, update (with the fields that change),
 * unchanged, or error (with the reason). The same function decides at preview and again at run
 * time against a fresh context, since the database may have changed in between.
 *
 * Memberships: the import adds the workspaces a row lists and changes their roles; it never
 * removes a workspace the row leaves out. A file holding only some columns, or an export made
 * before someone was added elsewhere, must not silently take access away; removal stays an
 * explicit action (panel or bulk).
 */

export type Change = { field: string; before: string; after: string };

export type UpdatePlan = {
  accountId: string;
  expectedVersion: number;
  expectedNames: { firstName: string; lastName: string };
  /** The whole profile as it should be, when any of its fields changes. */
  profile: Profile | null;
  sso: boolean | null;
  rights: { isAdmin: boolean; isAuditor: boolean } | null;
  addWorkspaces: { workspaceId: string; roleId: string }[];
  changeRoles: { workspaceId: string; roleId: string }[];
};

/**
 * `warnings`: values of optional columns left out (an unknown workspace, a role naming none, a
 * value that says neither true nor false…); the rest of the row is applied. Errors refuse the row.
 */
export type RowPlan =
  | { outcome: "error"; error: string; accountId: string | null }
  | { outcome: "unchanged"; accountId: string; warnings: string[] }
  | { outcome: "update"; accountId: string; changes: Change[]; update: UpdatePlan; warnings: string[] }
  | { outcome: "create"; accountId: string | null; changes: Change[]; create: CreateUserInput; warnings: string[] };

/** How the classifier treats values it cannot apply: left out with a warning, or the row refused. */
export type ClassifyOptions = { strict?: boolean };

export const NOT_FOUND_BY_ID = "No user with this ID in this clientspace.";
export const SUPER_USER_CREATE = "Workspace super-users can only update existing users of their workspaces: this row would create a user.";
export const RIGHTS_ADMIN_ONLY = "Only an administrator can change admin access or auditor.";

/** What the file has seen so far: duplicates, and the admins left after earlier rows' demotions. */
export class FileState {
  private readonly ids = new Map<string, number>();
  private readonly emails = new Map<string, number>();
  private readonly accountsSeen = new Map<string, number>();

  /** The earlier row with the same ID, email or account, if any; records this row's keys. */
  duplicateOf(rowNumber: number, values: RowValues, accountId: string | null): string | null {
    const earlier =
      (values.id && this.ids.has(values.id) && `same ID as row ${this.ids.get(values.id)}`) ||
      (values.email && this.emails.has(values.email) && `same email as row ${this.emails.get(values.email)}`) ||
      (accountId && this.accountsSeen.has(accountId) && `same user as row ${this.accountsSeen.get(accountId)}`) ||
      null;
    if (values.id && !this.ids.has(values.id)) this.ids.set(values.id, rowNumber);
    if (values.email && !this.emails.has(values.email)) this.emails.set(values.email, rowNumber);
    if (accountId && !this.accountsSeen.has(accountId)) this.accountsSeen.set(accountId, rowNumber);
    return earlier ? `Duplicate of an earlier row (${earlier}).` : null;
  }
}

class RowError extends Error {}
const fail = (message: string): never => {
  throw new RowError(message);
};
const quote = (v: string) => `“${v}”`;
const show = (v: string | boolean | null | undefined) => (v === null || v === undefined || v === "" ? "" : String(v));

const targetOf = (u: ExistingUser): TargetUser => ({
  accountId: u.accountId,
  isAdmin: u.isAdmin,
  isAuditor: u.isAuditor,
  workspaceIds: [...u.workspaces.keys()],
  homeClientspaceId: u.homeClientspaceId,
});

type Grant = { workspace: NamedRow; role: NamedRow };

/** The row's workspaces that exist with a role that exists; the others are left out with a warning. */
function resolveWorkspaces(context: ImportContext, values: RowValues, warnings: string[]): Grant[] {
  const grants: Grant[] = [];
  for (const { name, role } of values.workspaces?.values() ?? []) {
    const workspace = context.workspaceByName.get(name.toLowerCase());
    if (!workspace) {
      // Other products' exports (seed 000) have a "Role" column of bare role names, no workspace.
      const isRole = role === null && context.roleByName.has(name.toLowerCase());
      warnings.push(isRole ? `Role ${quote(name)} not applied: it names no workspace (write “Workspace: ${name}”).` : `Unknown workspace ${quote(name)}: not applied.`);
      continue;
    }
    const found = role === null ? context.defaultRole : context.roleByName.get(role.toLowerCase());
    if (!found) {
      warnings.push(
        role === null
          ? `Workspace ${quote(workspace.name)} not applied: no “No access” role exists, name a role.`
          : `Unknown role ${quote(role)} for the workspace ${quote(workspace.name)}: not applied.`,
      );
      continue;
    }
    grants.push({ workspace, role: found });
  }
  return grants;
}

/**
 * A row for someone who is not a member here. An address with an account in another clientspace
 * is planned, checked and reported exactly like a new one (SPEC section 2: nothing across tenants);
 * createUser then makes it a pending membership that opens nothing until the person accepts.
 */
function planCreate(actor: Actor, context: ImportContext, values: RowValues, existingAccountId: string | null, warnings: string[]): RowPlan {
  if (!can(actor, "users.importCreate")) fail(SUPER_USER_CREATE);
  if (!values.email) fail("Missing email: a new user needs an email, a first name and a last name.");
  if (!values.firstName) fail("Missing first name: a new user needs an email, a first name and a last name.");
  if (!values.lastName) fail("Missing last name: a new user needs an email, a first name and a last name.");
  for (const problem of Object.values(values.nameProblems ?? {})) fail(problem);
  if (values.username && context.accountByUsername.has(values.username) && context.accountByUsername.get(values.username) !== existingAccountId) {
    fail(`The username ${quote(values.username)} belongs to another account.`);
  }
  const grants = resolveWorkspaces(context, values, warnings);
  const create: CreateUserInput = {
    email: values.email!,
    firstName: values.firstName ?? "",
    lastName: values.lastName ?? "",
    title: values.title ?? undefined,
    service: values.service ?? undefined,
    phone: values.phone ?? undefined,
    kind: values.kind ?? "internal",
    access: "invitation",
    isAdmin: values.isAdmin ?? false,
    isAuditor: values.isAuditor ?? false,
    workspaces: grants.map((g) => ({ workspaceId: g.workspace.id, roleId: g.role.id })),
  };
  const changes: Change[] = [
    { field: "email", before: "", after: create.email },
    { field: "firstName", before: "", after: create.firstName ?? "" },
    { field: "lastName", before: "", after: create.lastName ?? "" },
    ...(["title", "service", "phone"] as const).filter((f) => values[f]).map((f) => ({ field: f, before: "", after: show(values[f]) })),
    ...(values.kind ? [{ field: "kind", before: "", after: values.kind }] : []),
    ...(create.isAdmin ? [{ field: "admin", before: "", after: "true" }] : []),
    ...(create.isAuditor ? [{ field: "auditor", before: "", after: "true" }] : []),
    ...grants.map((g) => ({ field: `workspace ${g.workspace.name}`, before: "", after: g.role.name })),
  ];
  return { outcome: "create", accountId: existingAccountId, changes, create, warnings };
}

function require(ok: boolean, message: string) {
  if (!ok) fail(message);
}

/** Why a credential change is refused: not an administrator, or not the account's home clientspace. */
function credentialRefusal(actor: Actor, target: TargetUser, what: string): string {
  if (!can(actor, "users.changeEmail")) return `Only an administrator can change the ${what}.`;
  return isHomeOf(actor, target) ? `You may not change the ${what}.` : `This person's ${what} is managed by their home organisation.`;
}

function planUpdate(actor: Actor, context: ImportContext, values: RowValues, user: ExistingUser, warnings: string[]): RowPlan {
  const target = targetOf(user);
  const changes: Change[] = [];
  const note = (field: string, before: string | boolean | null, after: string | boolean | null) => changes.push({ field, before: show(before), after: show(after) });

  if (values.username && values.username !== user.username) {
    const owner = context.accountByUsername.get(values.username);
    // A username is a sign-in identifier: the import never renames one, it only refuses a clash.
    if (owner && owner !== user.accountId) fail(`The username ${quote(values.username)} belongs to another account.`);
  }

  for (const field of ["firstName", "lastName"] as const) {
    const problem = values.nameProblems?.[field];
    if (problem && values[field] !== user[field]) fail(problem);
  }
  const profile = {
    firstName: values.firstName ?? user.firstName,
    lastName: values.lastName ?? user.lastName,
    title: values.title === undefined ? user.title : values.title,
    service: values.service === undefined ? user.service : values.service,
    phone: values.phone === undefined ? user.phone : values.phone,
    kind: values.kind ?? user.kind,
    email: values.email ?? user.email.toLowerCase(),
  };
  const before = { ...profile, firstName: user.firstName, lastName: user.lastName, title: user.title, service: user.service, phone: user.phone, kind: user.kind, email: user.email.toLowerCase() };
  let profileChanged = false;
  for (const field of ["firstName", "lastName", "title", "service", "phone", "kind", "email"] as const) {
    if (profile[field] === before[field]) continue;
    profileChanged = true;
    note(field, field === "email" ? user.email : before[field], profile[field]);
  }
  if (profileChanged) require(can(actor, "users.editProfile", { user: target }), "You may not edit this user’s profile.");
  if (profile.kind !== before.kind) require(can(actor, "users.editKind", { user: target }), "Only an administrator can change whether the user is internal or external.");
  // The address and the sign-in method open every clientspace of the account: its home's alone.
  if (profile.email !== before.email) require(can(actor, "users.changeEmail", { user: target }), credentialRefusal(actor, target, "email address"));

  const sso = values.sso !== undefined && values.sso !== user.sso ? values.sso : null;
  if (sso !== null) {
    require(can(actor, "users.changeSso", { user: target }), credentialRefusal(actor, target, "single sign-on setting"));
    note("sso", user.sso, sso);
  }

  const rights = { isAdmin: values.isAdmin ?? user.isAdmin, isAuditor: values.isAuditor ?? user.isAuditor };
  const rightsChanged = rights.isAdmin !== user.isAdmin || rights.isAuditor !== user.isAuditor;
  if (rightsChanged) {
    require(can(actor, "users.changeClientspaceRights", { user: target }), RIGHTS_ADMIN_ONLY);
    const raises = (rights.isAdmin && !user.isAdmin) || (rights.isAuditor && !user.isAuditor);
    if (raises && user.accountId === actor.accountId) fail("You cannot raise your own rights.");
    if (user.isAdmin && !rights.isAdmin && !user.disabled) {
      const others = [...context.enabledAdmins].some((id) => id !== user.accountId);
      if (!others) fail("This is the last admin of the clientspace: make someone else admin first.");
      context.enabledAdmins.delete(user.accountId);
    }
    if (rights.isAdmin !== user.isAdmin) note("admin", user.isAdmin, rights.isAdmin);
    if (rights.isAuditor !== user.isAuditor) note("auditor", user.isAuditor, rights.isAuditor);
  }

  const addWorkspaces: UpdatePlan["addWorkspaces"] = [];
  const changeRoles: UpdatePlan["changeRoles"] = [];
  const roleName = (id: string | undefined) => [...context.roleByName.values()].find((r) => r.id === id);
  for (const { workspace, role } of resolveWorkspaces(context, values, warnings)) {
    const current = user.workspaces.get(workspace.id);
    if (current === role.id) continue;
    const permission = current === undefined ? "users.addToWorkspace" : "users.changeWorkspaceRole";
    require(can(actor, permission, { user: target, workspaceIds: [workspace.id] }), `You may not manage the users of ${workspace.name}.`);
    if (user.accountId === actor.accountId) {
      if (!actor.isAdmin) fail("You cannot change your own workspace role.");
      const had = new Set(roleName(current)?.permissions ?? []);
      if (role.permissions.some((p) => !had.has(p))) fail("You cannot raise your own rights.");
    }
    (current === undefined ? addWorkspaces : changeRoles).push({ workspaceId: workspace.id, roleId: role.id });
    note(`workspace ${workspace.name}`, roleName(current)?.name ?? "", role.name);
  }

  if (changes.length === 0) return { outcome: "unchanged", accountId: user.accountId, warnings };
  return {
    outcome: "update",
    accountId: user.accountId,
    changes,
    warnings,
    update: {
      accountId: user.accountId,
      expectedVersion: user.version,
      expectedNames: { firstName: user.firstName, lastName: user.lastName },
      profile: profileChanged ? profile : null,
      sso,
      rights: rightsChanged ? rights : null,
      addWorkspaces,
      changeRoles,
    },
  };
}

/** The account a row is about: by ID when given, else by email; null for a new person. */
function match(actor: Actor, context: ImportContext, values: RowValues): { member: ExistingUser | null; accountId: string | null } {
  const byEmail = values.email ? (context.accountByEmail.get(values.email) ?? null) : null;
  if (values.id) {
    const member = isUuid(values.id) ? context.members.get(values.id) : undefined;
    // Another clientspace's user, or one outside a super-user's workspaces, answers as absent.
    if (!member || !can(actor, "users.view", { user: targetOf(member) })) fail(NOT_FOUND_BY_ID);
    if (byEmail && byEmail !== member!.accountId) fail("The ID and the email point to two different accounts.");
    return { member: member!, accountId: member!.accountId };
  }
  if (!values.email) fail("Missing email: give the user’s ID or email (a new user needs an email, a first name and a last name).");
  const member = byEmail ? context.members.get(byEmail) : undefined;
  if (member && can(actor, "users.view", { user: targetOf(member) })) return { member, accountId: member.accountId };
  // Not visible to a super-user: treated as a new user, which they may not create either way.
  return { member: null, accountId: member ? null : byEmail };
}

export function classifyRow(
  actor: Actor,
  context: ImportContext,
  parsed: ParsedRow,
  rowNumber: number,
  file: FileState | null,
  options: ClassifyOptions = {},
): RowPlan {
  let accountId: string | null = null;
  try {
    if (parsed.error) fail(parsed.error);
    const found = match(actor, context, parsed.values);
    accountId = found.accountId;
    const duplicate = file?.duplicateOf(rowNumber, parsed.values, found.member?.accountId ?? null);
    if (duplicate) fail(duplicate);
    const warnings = [...parsed.warnings];
    const plan = found.member
      ? planUpdate(actor, context, parsed.values, found.member, warnings)
      : planCreate(actor, context, parsed.values, found.accountId, warnings);
    capWarnings(warnings);
    // Strict: what a lenient import would leave out refuses the row, so nothing goes in half-applied.
    if (options.strict && warnings.length > 0) fail(`Strict import: ${warnings.join(" ")}`);
    return plan;
  } catch (err) {
    if (!(err instanceof RowError)) throw err;
    // A row refused before matching still takes its keys, so that a later copy is named a duplicate.
    if (file && !accountId) file.duplicateOf(rowNumber, parsed.values, null);
    return { outcome: "error", error: err.message, accountId };
  }
}
