import { useId, type ReactElement, type ReactNode } from "react";
import { Slot } from "radix-ui";
import { cn } from "@/lib/utils/cn";
import { Label } from "@/components/ui/label";

export type FieldProps = {
  label: ReactNode;
  /** The single control (Input, Checkbox, select…): it receives id, aria-invalid and aria-describedby. */
  children: ReactElement;
  description?: ReactNode;
  /** One message, or the list zod gives for the field (`fieldErrors.email`). */
  error?: string | readonly string[];
  /** Shows a marker and sets aria-required; add the native `required` on the control if wanted. */
  required?: boolean;
  /** Needed only when something else must point at the control; otherwise one is generated. */
  id?: string;
  /** `horizontal` puts the control before its label, for checkboxes and switches. */
  orientation?: "vertical" | "horizontal";
  className?: string;
};

/**
 * A labelled form control. The ids are wired here so that the label names the control
 * (getByLabel works), the description and error are read with it, and an error that
 * appears after a submit is announced.
 */
export function Field({
  label,
  children,
  description,
  error,
  required = false,
  id,
  orientation = "vertical",
  className,
}: FieldProps) {
  const generatedId = useId();
  const controlId = id ?? generatedId;
  const descriptionId = `${controlId}-description`;
  const errorId = `${controlId}-error`;
  const errors = [...new Set(typeof error === "string" ? [error] : (error ?? []))].filter(Boolean);
  const invalid = errors.length > 0;
  const describedBy = [description ? descriptionId : null, invalid ? errorId : null].filter(Boolean).join(" ");

  const control = (
    <Slot.Root
      id={controlId}
      aria-invalid={invalid || undefined}
      aria-required={required || undefined}
      aria-describedby={describedBy || undefined}
    >
      {children}
    </Slot.Root>
  );
  const labelElement = (
    <Label htmlFor={controlId}>
      {label}
      {required && (
        <span aria-hidden="true" className="ml-0.5 text-destructive">
          *
        </span>
      )}
    </Label>
  );
  const descriptionElement = description && (
    <p id={descriptionId} className="text-sm text-muted-foreground">
      {description}
    </p>
  );
  const errorElement = invalid && (
    <div id={errorId} role="alert" className="text-sm font-medium text-destructive">
      {errors.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );

  if (orientation === "horizontal") {
    return (
      <div className={cn("flex items-start gap-3", className)}>
        <div className="flex h-5 items-center">{control}</div>
        <div className="grid gap-1">
          {labelElement}
          {descriptionElement}
          {errorElement}
        </div>
      </div>
    );
  }

  return (
    <div className={cn("grid gap-1.5", className)}>
      {labelElement}
      {control}
      {descriptionElement}
      {errorElement}
    </div>
  );
}
