/**
 * The client address used by throttling and shown in "Active sessions".
 *
 * Next 16's own server (`next start`, `next dev`) sets `x-forwarded-for` from the socket only when
 * the request has none (`??=` in base-server): a client that sends its own header is believed, so
 * the header alone cannot be trusted. Node's request listener therefore stamps every request with
 * `x-roster-client-address`, taken from the socket and from as many `x-forwarded-for` hops as the
 * operator declares trusted proxies (ROSTER_TRUSTED_PROXIES, default 0: served directly, the
 * header is ignored). A client-sent `x-roster-client-address` is overwritten.
 */
export const CLIENT_ADDRESS_HEADER = "x-roster-client-address";

/** How many reverse proxies stand in front of Roster (each appends the address it saw). */
export function trustedProxyHops(env: string | undefined = process.env.ROSTER_TRUSTED_PROXIES): number {
  const hops = Number(env ?? 0);
  return Number.isInteger(hops) && hops >= 0 && hops <= 10 ? hops : 0;
}

/** Strips an IPv4-mapped IPv6 prefix, so that one client has one spelling. */
const tidy = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");

/**
 * The address `hops` proxies away from the socket: each trusted proxy appended the address it saw
 * to `x-forwarded-for`, so the client is that many entries in from the right. Entries further left
 * were written by the client and prove nothing.
 */
export function clientAddressOf(forwardedFor: string | undefined, socketAddress: string | undefined, hops: number): string {
  const chain = [...(forwardedFor ?? "").split(","), socketAddress ?? ""].map(tidy).filter(Boolean);
  if (chain.length === 0) return "unknown";
  return chain[Math.max(chain.length - 1 - hops, 0)].slice(0, 64);
}

/** Reads the stamped address from a request's headers. */
export function requestClientAddress(headers: { get(name: string): string | null }): string {
  // Not stamped (a runtime without Node's server): fall back to the header, rightmost first.
  return headers.get(CLIENT_ADDRESS_HEADER) ?? clientAddressOf(headers.get("x-forwarded-for") ?? undefined, undefined, Math.max(trustedProxyHops() - 1, 0));
}
