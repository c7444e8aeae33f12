"use client";

import type { ReactNode } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";

/**
 * An action the actor is allowed to take but that is not built yet. aria-disabled rather than
 * `disabled` keeps it focusable, so that keyboard users reach the "Available soon" hint too.
 */
export function SoonButton({ children, variant = "outline" }: { children: ReactNode; variant?: ButtonVariant }) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <Button type="button" size="sm" variant={variant} aria-disabled="true" className="aria-disabled:pointer-events-auto aria-disabled:cursor-not-allowed">
          {children}
        </Button>
      </TooltipTrigger>
      <TooltipContent>Available soon</TooltipContent>
    </Tooltip>
  );
}
