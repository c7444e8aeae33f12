import { createHash, randomBytes } from "node:crypto";

/** A single-use link's secret: 256 random bits, URL-safe. Only its hash is stored. */
export const newLinkToken = () => randomBytes(32).toString("base64url");

export const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("hex");
