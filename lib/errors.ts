/**
 * Errors a domain function raises on purpose: their message is written for the user and the
 * transaction rolls back. Anything else is a bug or an outage and is logged, not shown.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly kind: "invalid" | "forbidden" | "not_found" | "conflict" = "invalid",
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** Not allowed, or not there: answered alike so that nobody learns what exists elsewhere. */
export const notFound = (what = "user") => new DomainError(`This ${what} does not exist or you may not see it.`, "not_found");
export const forbidden = (message = "You are not allowed to do this.") => new DomainError(message, "forbidden");
