"use client";

import { Suspense, use, type ReactNode } from "react";
import { Controller, useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { SeatUsage } from "@/db/queries/users";
import type { CreateUserInput, CreateUserValues, EmailLookup } from "@/lib/users/create-user-schema";
import type { CreateUserOptions } from "@/lib/users/create-user-options";

/**
 * The steps of the create-user wizard (SPEC section 5). Each renders the fields of one step of the
 * form held by CreateUserWizard; validation is the shared schema's, run per step by the wizard.
 */

const useCreateForm = () => useFormContext<CreateUserInput, unknown, CreateUserValues>();

const message = (e: { message?: string } | undefined) => e?.message;

function Choice({ label, description, children }: { label: string; description?: string; children: ReactNode }) {
  return (
    <label className="flex items-start gap-3 rounded-md border p-3 text-sm has-[:checked]:border-primary">
      {children}
      <span className="grid gap-0.5">
        <span className="font-medium">{label}</span>
        {description && <span className="text-muted-foreground">{description}</span>}
      </span>
    </label>
  );
}

const radioClass = "mt-0.5 size-4 accent-primary";

// ---------------------------------------------------------------------------------------------

export function EmailStep({ lookup, onEmailChange }: { lookup: EmailLookup | null; onEmailChange: () => void }) {
  const { register, formState } = useCreateForm();
  return (
    <div className="grid gap-4">
      <Field label="Email address" required error={message(formState.errors.email)} description="Their sign-in address. If they already have a Roster account, they are invited with it.">
        <Input type="email" autoComplete="off" autoFocus {...register("email", { onChange: onEmailChange })} />
      </Field>
      {lookup?.kind === "member" && (
        <div role="alert" className="rounded-md border border-destructive/30 bg-danger-subtle px-3 py-2 text-sm text-danger">
          <p>{lookup.name} is already a member of this clientspace.</p>
          {lookup.userId && (
            <a className="font-medium underline underline-offset-4" href={`/admin/users?user=${encodeURIComponent(lookup.userId)}`}>
              Open their panel
            </a>
          )}
        </div>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

export function ProfileStep() {
  const { register, formState } = useCreateForm();
  const errors = formState.errors;
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" required error={message(errors.firstName)}>
          <Input autoComplete="off" {...register("firstName")} />
        </Field>
        <Field label="Last name" required error={message(errors.lastName)}>
          <Input autoComplete="off" {...register("lastName")} />
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Title" error={message(errors.title)}>
          <Input autoComplete="off" {...register("title")} />
        </Field>
        <Field label="Service" error={message(errors.service)}>
          <Input autoComplete="off" {...register("service")} />
        </Field>
      </div>
      <Field label="Phone" error={message(errors.phone)}>
        <Input type="tel" autoComplete="off" {...register("phone")} />
      </Field>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Internal or external</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <Choice label="Internal" description="Staff of the organisation.">
            <input type="radio" value="internal" className={radioClass} {...register("kind")} />
          </Choice>
          <Choice label="External" description="A contractor, partner or client.">
            <input type="radio" value="external" className={radioClass} {...register("kind")} />
          </Choice>
        </div>
      </fieldset>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

export function AccessStep({ invitationHours }: { invitationHours: number }) {
  const { register, formState, control } = useCreateForm();
  const access = useWatch({ control, name: "access" });
  const mode = useWatch({ control, name: "passwordMode" });
  const errors = formState.errors;
  return (
    <div className="grid gap-4">
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">How they get access</legend>
        <Choice label="Send an invitation" description={`An email with a link, valid ${invitationHours} hours, to choose their password.`}>
          <input type="radio" value="invitation" className={radioClass} {...register("access")} />
        </Choice>
        <Choice label="Add immediately" description="They can sign in at once with a password you give them.">
          <input type="radio" value="password" className={radioClass} {...register("access")} />
        </Choice>
      </fieldset>
      {access === "password" && (
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium">Password</legend>
          <Choice label="Generate a password" description="A strong password, shown to you once after creating.">
            <input type="radio" value="generate" className={radioClass} {...register("passwordMode")} />
          </Choice>
          <Choice label="Type a password" description="At least 12 characters, not a common password, without their name or email.">
            <input type="radio" value="typed" className={radioClass} {...register("passwordMode")} />
          </Choice>
          {mode === "typed" && (
            <div className="grid gap-4 pt-2">
              <Field label="Password" required error={message(errors.password)}>
                <Input type="password" autoComplete="new-password" {...register("password")} />
              </Field>
              <Field label="Confirm password" required error={message(errors.confirm)}>
                <Input type="password" autoComplete="new-password" {...register("confirm")} />
              </Field>
            </div>
          )}
        </fieldset>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

export function RightsStep({ options }: { options: CreateUserOptions }) {
  const { register, formState, control } = useCreateForm();
  const { fields, append, remove } = useFieldArray({ control, name: "workspaces" });
  const chosen = useWatch({ control, name: "workspaces" }) ?? [];
  const errors = formState.errors;
  const listError = errors.workspaces?.root?.message ?? errors.workspaces?.message;
  const nameOf = (id: string | undefined) => options.workspaces.find((w) => w.id === id)?.name;
  const free = options.workspaces.filter((w) => !chosen.some((c) => c.workspaceId === w.id));

  return (
    <div className="grid gap-4">
      {options.mayGrantRights && (
        <fieldset className="grid gap-3">
          <legend className="mb-1 text-sm font-medium">Clientspace rights</legend>
          <Controller
            control={control}
            name="isAdmin"
            render={({ field }) => (
              <Field label="Admin access" orientation="horizontal" description="Manages every user, license and workspace of the clientspace.">
                <Checkbox checked={field.value ?? false} onCheckedChange={(v) => field.onChange(v === true)} onBlur={field.onBlur} />
              </Field>
            )}
          />
          <Controller
            control={control}
            name="isAuditor"
            render={({ field }) => (
              <Field label="Auditor" orientation="horizontal" description="Reads every user and the audit log, and changes nothing.">
                <Checkbox checked={field.value ?? false} onCheckedChange={(v) => field.onChange(v === true)} onBlur={field.onBlur} />
              </Field>
            )}
          />
        </fieldset>
      )}
      <fieldset className="grid gap-3">
        <legend className="mb-1 text-sm font-medium">Workspaces</legend>
        <p className="text-sm text-muted-foreground">
          {options.workspaceRequired ? "Add them to at least one of your workspaces." : "Optional."} A new workspace starts with the role “No access”.
        </p>
        {fields.map((item, index) => {
          const current = chosen[index]?.workspaceId;
          const choices = options.workspaces.filter((w) => w.id === current || free.includes(w));
          const rowErrors = errors.workspaces?.[index];
          return (
            <div key={item.id} className="grid items-end gap-2 sm:grid-cols-[1fr_1fr_auto]">
              <Field label={`Workspace ${index + 1}`} error={message(rowErrors?.workspaceId)}>
                <Select {...register(`workspaces.${index}.workspaceId`)}>
                  <option value="" disabled>
                    Choose a workspace
                  </option>
                  {choices.map((w) => (
                    <option key={w.id} value={w.id}>
                      {w.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={`Role in ${nameOf(current) ?? `workspace ${index + 1}`}`} error={message(rowErrors?.roleId)}>
                <Select {...register(`workspaces.${index}.roleId`)}>
                  {options.roles.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button type="button" variant="ghost" size="icon" aria-label={`Remove ${nameOf(current) ?? `workspace ${index + 1}`}`} onClick={() => remove(index)}>
                <X aria-hidden="true" />
              </Button>
            </div>
          );
        })}
        {listError && (
          <p role="alert" className="text-sm font-medium text-destructive">
            {listError}
          </p>
        )}
        {free.length > 0 && (
          <div>
            <Button type="button" variant="outline" size="sm" onClick={() => append({ workspaceId: free[0].id, roleId: options.defaultRoleId })}>
              <Plus aria-hidden="true" />
              Add a workspace
            </Button>
          </div>
        )}
      </fieldset>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

function seatsLeftLabel(seats: SeatUsage | undefined) {
  if (!seats) return "";
  const left = Math.max(0, seats.limit - seats.used);
  return left === 0 ? "no seat left" : `${left} of ${seats.limit} seats left`;
}

function LicenseFields({ options, seatsPromise }: { options: CreateUserOptions; seatsPromise: Promise<SeatUsage[]> }) {
  const seats = use(seatsPromise);
  const { register, formState, control } = useCreateForm();
  const typeId = useWatch({ control, name: "licenseTypeId" });
  const errors = formState.errors;
  const usage = (id: string) => seats.find((s) => s.licenseTypeId === id);
  return (
    <div className="grid gap-4">
      <Field label="License" error={message(errors.licenseTypeId)} description="A license takes a seat of its type from the start date to the end date.">
        <Select {...register("licenseTypeId")}>
          <option value="">No license</option>
          {options.licenseTypes.map((t) => {
            const u = usage(t.id);
            return (
              <option key={t.id} value={t.id} disabled={u ? u.used >= u.limit : false}>
                {`${t.name} (${seatsLeftLabel(u)})`}
              </option>
            );
          })}
        </Select>
      </Field>
      {typeId && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Start date" required error={message(errors.licenseStart)}>
            <Input type="date" {...register("licenseStart")} />
          </Field>
          <Field label="End date" required error={message(errors.licenseEnd)}>
            <Input type="date" {...register("licenseEnd")} />
          </Field>
        </div>
      )}
    </div>
  );
}

export function LicenseStep({ options, seatsPromise }: { options: CreateUserOptions; seatsPromise: Promise<SeatUsage[]> }) {
  return (
    <Suspense fallback={<p className="text-sm text-muted-foreground">Counting seats…</p>}>
      <LicenseFields options={options} seatsPromise={seatsPromise} />
    </Suspense>
  );
}

// ---------------------------------------------------------------------------------------------

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1.5">
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

export function ConfirmStep({ options, invitationHours }: { options: CreateUserOptions; invitationHours: number }) {
  const { getValues } = useCreateForm();
  const v = getValues();
  const roleName = (id: string) => options.roles.find((r) => r.id === id)?.name ?? "—";
  const workspaceName = (id: string) => options.workspaces.find((w) => w.id === id)?.name ?? "—";
  const license = options.licenseTypes.find((t) => t.id === v.licenseTypeId);
  const rights = [v.isAdmin && "Admin access", v.isAuditor && "Auditor"].filter(Boolean).join(", ") || "None";
  const access =
    v.access === "invitation"
      ? `Invitation email with a link valid ${invitationHours} hours`
      : v.passwordMode === "generate"
        ? "Added now with a generated password, shown to you once"
        : "Added now with the password you typed";
  return (
    <div className="grid gap-3">
      <dl aria-label="Summary" className="divide-y rounded-md border px-3 text-sm">
        <Row term="Email">{v.email.trim().toLowerCase()}</Row>
        <Row term="Name">{`${v.firstName} ${v.lastName}`.trim()}</Row>
        <Row term="Username">Made from the name (first.last), unique</Row>
        {v.title && <Row term="Title">{v.title}</Row>}
        {v.service && <Row term="Service">{v.service}</Row>}
        {v.phone && <Row term="Phone">{v.phone}</Row>}
        <Row term="Internal/external">{v.kind === "external" ? "External" : "Internal"}</Row>
        <Row term="Access">{access}</Row>
        {options.mayGrantRights && <Row term="Clientspace rights">{rights}</Row>}
        <Row term="Workspaces">
          {(v.workspaces ?? []).length === 0 ? (
            "None"
          ) : (
            <ul>
              {(v.workspaces ?? []).map((w) => (
                <li key={w.workspaceId}>
                  {workspaceName(w.workspaceId)}: {roleName(w.roleId)}
                </li>
              ))}
            </ul>
          )}
        </Row>
        {options.mayAssignLicense && <Row term="License">{license ? `${license.name}, ${v.licenseStart} to ${v.licenseEnd}` : "None"}</Row>}
      </dl>
    </div>
  );
}
