import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

const variants = {
  success: "bg-success-subtle text-success ring-success/20",
  warning: "bg-warning-subtle text-warning ring-warning/20",
  danger: "bg-danger-subtle text-danger ring-danger/20",
  info: "bg-info-subtle text-info ring-info/20",
  neutral: "bg-neutral-subtle text-neutral ring-neutral/20",
} as const;

export type BadgeVariant = keyof typeof variants;

export type BadgeProps = ComponentProps<"span"> & { variant?: BadgeVariant };

/** Colour never carries the meaning alone: the badge text must say the status. */
export function Badge({ variant = "neutral", className, ...props }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        "[&_svg]:size-3 [&_svg]:shrink-0",
        variants[variant],
        className,
      )}
      {...props}
    />
  );
}
