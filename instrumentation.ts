export async function register() {
  // Migrate (and seed an empty embedded database) before the first request, never during a build.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { prepareDatabase } = await import("./db/startup");
  await prepareDatabase();
}
