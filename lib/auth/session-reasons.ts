import { SIGN_IN_MESSAGES } from "./sign-in";

/** Why requireUser sent the browser to /session-ended, as the person reads it. */
export const SESSION_END_REASONS = {
  ended: "Your session has ended. Sign in again.",
  gone: "Your session has ended. Sign in again.",
  disabled: SIGN_IN_MESSAGES.disabled,
  locked: SIGN_IN_MESSAGES.locked,
} as const;

export type SessionEndNotice = keyof typeof SESSION_END_REASONS;

export const sessionEndReason = (value: unknown): SessionEndNotice =>
  typeof value === "string" && Object.hasOwn(SESSION_END_REASONS, value) ? (value as SessionEndNotice) : "ended";
