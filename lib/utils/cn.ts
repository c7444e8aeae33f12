import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Joins class names; a later Tailwind class overrides an earlier conflicting one (for `className` props). */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
