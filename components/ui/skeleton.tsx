import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

/** Hidden from assistive technology: announce the loading state once, elsewhere (e.g. aria-busy on the region). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("rounded-md bg-slate-200 motion-safe:animate-pulse", className)} {...props} />;
}
