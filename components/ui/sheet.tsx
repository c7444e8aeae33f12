"use client";

import { createContext, use, type ComponentProps, type ReactNode } from "react";
import { Dialog as SheetPrimitive } from "radix-ui";
import { X } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { Button } from "@/components/ui/button";

const SheetModalContext = createContext(true);

export type SheetProps = ComponentProps<typeof SheetPrimitive.Root>;

/**
 * A panel sliding in from the right. With `modal={false}` it is a detail panel: no overlay,
 * the page stays usable, and clicking or tabbing into the page does not close it (Escape
 * and the close button do), so that choosing another row just swaps the panel's content.
 */
export function Sheet({ modal = true, ...props }: SheetProps) {
  return (
    <SheetModalContext value={modal}>
      <SheetPrimitive.Root modal={modal} {...props} />
    </SheetModalContext>
  );
}

export const SheetTrigger = SheetPrimitive.Trigger;
export const SheetClose = SheetPrimitive.Close;

export type SheetContentProps = Omit<ComponentProps<typeof SheetPrimitive.Content>, "title"> & {
  /** Required: it names the panel for screen readers. */
  title: ReactNode;
  /** Required: read after the title when the panel opens. */
  description: ReactNode;
};

export function SheetContent({
  title,
  description,
  className,
  children,
  onInteractOutside,
  ...props
}: SheetContentProps) {
  const modal = use(SheetModalContext);
  return (
    <SheetPrimitive.Portal>
      {/* Radix renders the overlay only for a modal sheet. */}
      <SheetPrimitive.Overlay className="fixed inset-0 z-50 bg-slate-950/40 motion-safe:data-[state=open]:animate-fade-in motion-safe:data-[state=closed]:animate-fade-out" />
      <SheetPrimitive.Content
        onInteractOutside={(event) => {
          onInteractOutside?.(event);
          if (!modal) event.preventDefault();
        }}
        className={cn(
          // The whole panel scrolls, so the scroll region always contains the focusable close button.
          "fixed inset-y-0 right-0 z-50 flex w-full flex-col gap-4 overflow-y-auto border-l bg-background p-6 text-foreground shadow-xl sm:max-w-xl",
          "motion-safe:data-[state=open]:animate-slide-in-right motion-safe:data-[state=closed]:animate-slide-out-right",
          className,
        )}
        {...props}
      >
        <div className="flex flex-col gap-1 pr-8">
          <SheetPrimitive.Title className="text-lg font-semibold leading-tight">{title}</SheetPrimitive.Title>
          <SheetPrimitive.Description className="text-sm text-muted-foreground">{description}</SheetPrimitive.Description>
        </div>
        {children}
        {/* Last in the DOM so that opening the panel focuses its content, not the close button. */}
        <SheetPrimitive.Close asChild>
          <Button variant="ghost" size="icon" aria-label="Close" className="absolute right-3 top-3 size-8">
            <X aria-hidden="true" />
          </Button>
        </SheetPrimitive.Close>
      </SheetPrimitive.Content>
    </SheetPrimitive.Portal>
  );
}

export function SheetFooter({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("mt-auto flex flex-col-reverse gap-2 border-t pt-4 sm:flex-row sm:justify-end", className)} {...props} />;
}
