export async function register() {
  // Migrate (and seed an empty embedded database) before the first request, never during a build.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Before the first request: throttling and sessions read the client address it stamps.
  const { installClientAddressStamp } = await import("./lib/auth/client-address-stamp");
  installClientAddressStamp();
  const { prepareDatabase } = await import("./db/startup");
  await prepareDatabase();
}
