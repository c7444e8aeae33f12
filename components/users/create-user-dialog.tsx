"use client";

import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { FormProvider, useForm, type FieldPath } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { UserPlus } from "lucide-react";
import { createUserAction, lookupEmailAction } from "@/app/(console)/admin/users/create-actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form-message";
import { toast } from "@/components/ui/toaster";
import type { SeatUsage } from "@/db/queries/users";
import { useHydrated } from "@/lib/hooks/use-hydrated";
import {
  createUserSchema,
  STEP_FIELDS,
  stepOfField,
  type CreateStep,
  type CreateUserInput,
  type CreateUserValues,
  type EmailLookup,
} from "@/lib/users/create-user-schema";
import type { CreateUserOptions } from "@/lib/users/create-user-options";
import { CreateUserDone, type CreatedUser } from "./create-user-done";
import { AccessStep, ConfirmStep, EmailStep, LicenseStep, ProfileStep, RightsStep } from "./create-user-steps";

const STEP_TITLES: Record<CreateStep, string> = {
  email: "Email",
  profile: "Profile",
  access: "Access",
  rights: "Rights",
  license: "License",
  confirm: "Confirm",
};

type Props = { options: CreateUserOptions; seatsPromise: Promise<SeatUsage[]>; invitationHours: number };

/** A calendar day, `YYYY-MM-DD`, in UTC like the seat counts. */
const day = (date: Date) => date.toISOString().slice(0, 10);

function defaults(options: CreateUserOptions): CreateUserInput {
  const today = new Date();
  const first = options.workspaces[0];
  return {
    email: "",
    firstName: "",
    lastName: "",
    title: "",
    service: "",
    phone: "",
    kind: "internal",
    access: "invitation",
    passwordMode: "generate",
    password: "",
    confirm: "",
    isAdmin: false,
    isAuditor: false,
    // A super-user's user must go into one of their workspaces: the first is proposed.
    workspaces: options.workspaceRequired && first ? [{ workspaceId: first.id, roleId: options.defaultRoleId }] : [],
    licenseTypeId: "",
    licenseStart: day(today),
    licenseEnd: day(new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate()))),
  };
}

/** "Add user" on the users page: the create-user wizard (SPEC section 5) in one dialog. */
export function CreateUserButton(props: Props) {
  const [open, setOpen] = useState(false);
  // A new wizard each time the dialog opens: nothing typed, and no password, survives a close.
  const [round, setRound] = useState(0);
  const [title, setTitle] = useState("Add a user");
  const [description, setDescription] = useState("");
  const onHeading = useCallback((t: string, d: string) => {
    setTitle(t);
    setDescription(d);
  }, []);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setRound((r) => r + 1);
      }}
    >
      <DialogTrigger asChild>
        <Button type="button">
          <UserPlus aria-hidden="true" />
          Add user
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description} className="max-w-xl">
        <CreateUserWizard
          key={round}
          {...props}
          onHeading={onHeading}
          onClose={() => {
            setOpen(false);
            setRound((r) => r + 1);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

function CreateUserWizard({
  options,
  seatsPromise,
  invitationHours,
  onHeading,
  onClose,
}: Props & { onHeading: (title: string, description: string) => void; onClose: () => void }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [stepIndex, setStepIndex] = useState(0);
  const [lookup, setLookup] = useState<EmailLookup | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const form = useForm<CreateUserInput, unknown, CreateUserValues>({ resolver: zodResolver(createUserSchema), defaultValues: defaults(options) });

  const steps = (Object.keys(STEP_TITLES) as CreateStep[]).filter((s) => !(s === "license" && !options.mayAssignLicense));
  const step = steps[Math.min(stepIndex, steps.length - 1)];
  const last = stepIndex === steps.length - 1;

  const title = created ? "User added" : "Add a user";
  const description = created ? "" : `Step ${stepIndex + 1} of ${steps.length}: ${STEP_TITLES[step]}.`;
  useEffect(() => onHeading(title, description), [title, description, onHeading]);

  // A new step is announced by moving focus to its heading; the first step keeps the email field focused.
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) heading.current?.focus();
    moved.current = true;
  }, [stepIndex]);

  const goTo = (target: CreateStep) => setStepIndex(Math.max(0, steps.indexOf(target)));

  async function checkEmail(): Promise<boolean> {
    if (!(await form.trigger("email"))) return false;
    const res = await lookupEmailAction(null, { email: form.getValues("email") });
    if (!res.ok) {
      form.setError("email", { message: res.fieldErrors?.email?.[0] ?? res.message });
      return false;
    }
    if (!res.data) return false;
    const found = res.data;
    setLookup(found);
    return found.kind !== "member";
  }

  async function checkStep(): Promise<boolean> {
    if (step === "email") return checkEmail();
    const fields = STEP_FIELDS[step] as FieldPath<CreateUserInput>[];
    const ok = fields.length === 0 || (await form.trigger(fields));
    if (ok && step === "rights" && options.workspaceRequired && (form.getValues("workspaces") ?? []).length === 0) {
      form.setError("workspaces", { message: "Add them to at least one of your workspaces." });
      return false;
    }
    return ok;
  }

  function showServerErrors(fieldErrors: Record<string, string[] | undefined>) {
    let first: CreateStep | null = null;
    for (const [name, messages] of Object.entries(fieldErrors)) {
      const owner = stepOfField(name);
      if (!owner || !messages?.[0]) continue;
      form.setError(name as FieldPath<CreateUserInput>, { message: messages[0] });
      if (first === null || steps.indexOf(owner) < steps.indexOf(first)) first = owner;
    }
    if (first) goTo(first);
  }

  async function create() {
    const values = form.getValues();
    const res = await createUserAction(null, values);
    if (!res.ok || !res.data) {
      setFormError(res.message);
      if (!res.ok && res.fieldErrors) showServerErrors(res.fieldErrors);
      return;
    }
    const name = `${values.firstName} ${values.lastName}`.trim() || values.email;
    setCreated({ userId: res.data.userId, name, message: res.message, generatedPassword: res.data.generatedPassword });
    toast.success(res.message);
    router.refresh();
  }

  function next() {
    setFormError(null);
    startTransition(async () => {
      if (!(await checkStep())) return;
      if (last) await create();
      else setStepIndex((i) => i + 1);
    });
  }

  if (created) return <CreateUserDone created={created} onOpenPanel={onClose} />;

  return (
    <FormProvider {...form}>
      <form
        noValidate
        className="grid gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          next();
        }}
      >
        <ol aria-label="Steps" className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted-foreground">
          {steps.map((s, i) => (
            <li key={s} aria-current={s === step ? "step" : undefined} className={s === step ? "font-semibold text-foreground" : undefined}>
              {i + 1}. {STEP_TITLES[s]}
            </li>
          ))}
        </ol>
        <h3 ref={heading} tabIndex={-1} className="text-base font-semibold outline-none">
          {STEP_TITLES[step]}
        </h3>
        <FormMessage>{formError}</FormMessage>
        {step === "email" && <EmailStep lookup={lookup} onEmailChange={() => setLookup(null)} />}
        {step === "profile" && <ProfileStep />}
        {step === "access" && <AccessStep invitationHours={invitationHours} />}
        {step === "rights" && <RightsStep options={options} />}
        {step === "license" && <LicenseStep options={options} seatsPromise={seatsPromise} />}
        {step === "confirm" && <ConfirmStep options={options} invitationHours={invitationHours} />}
        <DialogFooter>
          {stepIndex > 0 && (
            <Button
              type="button"
              variant="outline"
              disabled={pending}
              onClick={() => {
                setFormError(null);
                setStepIndex((i) => i - 1);
              }}
            >
              Back
            </Button>
          )}
          <Button type="submit" disabled={!hydrated || pending} aria-busy={pending || undefined}>
            {pending ? "Working…" : last ? "Create user" : "Next"}
          </Button>
        </DialogFooter>
      </form>
    </FormProvider>
  );
}
