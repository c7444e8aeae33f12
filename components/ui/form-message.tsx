import type { ReactNode } from "react";
import { CircleAlert, CircleCheck } from "lucide-react";
import { cn } from "@/lib/utils/cn";

export type FormMessageProps = {
  variant?: "error" | "success";
  /** Nothing is rendered when empty, so `{state.message}` can be passed as is. */
  children?: ReactNode;
  className?: string;
};

/**
 * A message about the whole form. An error interrupts (role="alert"); a success waits
 * for the screen reader to finish (role="status").
 */
export function FormMessage({ variant = "error", children, className }: FormMessageProps) {
  if (children === null || children === undefined || children === false || children === "") return null;
  const Icon = variant === "error" ? CircleAlert : CircleCheck;
  return (
    <div
      role={variant === "error" ? "alert" : "status"}
      className={cn(
        "flex items-start gap-2 rounded-md border px-3 py-2 text-sm",
        variant === "error"
          ? "border-destructive/30 bg-danger-subtle text-danger"
          : "border-success/30 bg-success-subtle text-success",
        className,
      )}
    >
      <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
