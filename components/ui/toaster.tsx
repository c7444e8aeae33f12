"use client";

import type { ComponentProps } from "react";
import { Toaster as Sonner } from "sonner";

export { toast } from "sonner";

/** Rendered once, in the root layout. */
export function Toaster(props: ComponentProps<typeof Sonner>) {
  return (
    <Sonner
      position="bottom-right"
      // A close button lets keyboard and screen-reader users dismiss a toast; 6 s leaves time to read it.
      closeButton
      duration={6000}
      // Sonner injects unlayered CSS that beats Tailwind utilities; only an inline style can set the font.
      style={{ fontFamily: "var(--font-sans)" }}
      {...props}
    />
  );
}
