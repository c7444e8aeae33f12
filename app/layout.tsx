import type { Metadata } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { Toaster } from "@/components/ui/toaster";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · Roster", default: "Roster" },
  description: "Manage the people, rights and licenses of your clientspace.",
};

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  // Every page renders per request: Next puts the request's CSP nonce (proxy.ts) on its scripts
  // only at render time, and a page prerendered at build time would carry none and never hydrate.
  await connection();
  return (
    <html lang="en">
      <body>
        <NuqsAdapter>{children}</NuqsAdapter>
        <Toaster />
      </body>
    </html>
  );
}
