// Imported by the server's startup banner and by end-to-end tests: keep it free of imports.

export const DEMO_PASSWORD = "roster-demo-2026";

export type DemoAccount = {
  email: string;
  /** What the account may do, for the sign-in hint and the seed's closing message. */
  role: string;
  firstName: string;
  lastName: string;
};

export const DEMO_ADMIN_EMAIL = "admin@acme.test";
export const DEMO_AUDITOR_EMAIL = "auditor@acme.test";
export const DEMO_SUPER_USER_EMAIL = "super@acme.test";
export const DEMO_MEMBER_EMAIL = "member@acme.test";

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: DEMO_ADMIN_EMAIL, role: "Clientspace admin of Acme", firstName: "Alice", lastName: "Martin" },
  { email: DEMO_AUDITOR_EMAIL, role: "Auditor of Acme (read-only)", firstName: "Omar", lastName: "Haddad" },
  { email: DEMO_SUPER_USER_EMAIL, role: "Super-user of the Sales workspace", firstName: "Sofia", lastName: "Rossi" },
  { email: DEMO_MEMBER_EMAIL, role: "Member (Editor in Sales)", firstName: "Mateo", lastName: "García" },
];

/** Admin of the second clientspace (Globex), for tenant-isolation checks; same password. */
export const GLOBEX_ADMIN_EMAIL = "admin@globex.test";
