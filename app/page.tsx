import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";
import { homeFor } from "@/lib/navigation";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect(homeFor(await requireUser()));
}
