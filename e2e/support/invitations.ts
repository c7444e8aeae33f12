import { randomBytes } from "node:crypto";
import { hashLinkToken, newLinkToken } from "../../lib/auth/link-token";
import { query, type TestUser } from "./db";

export type InvitedUser = Omit<TestUser, "password">;

/** A fresh member of Acme who was invited yesterday and has neither joined nor chosen a password. */
export async function createInvitedUser(): Promise<InvitedUser> {
  const tag = randomBytes(4).toString("hex");
  const user = { email: `e2e.invited.${tag}@acme.test`, username: `e2e.invited.${tag}`, firstName: "Invited", lastName: `Person ${tag}` };
  const [account] = await query<{ id: string }>(
    `insert into accounts (email, username, first_name, last_name) values ($1, $2, $3, $4) returning id`,
    [user.email, user.username, user.firstName, user.lastName],
  );
  await query(
    `insert into clientspace_memberships (clientspace_id, account_id, origin, invited_at, invitation_expires_at)
     select id, $1, 'created', now() - interval '1 day', now() + interval '1 hour' from clientspaces where slug = 'acme'`,
    [account.id],
  );
  return { id: account.id, ...user };
}

/** An invitation link of that user, sent by the demo admin, as if emailed; returns the token. */
export async function seedInvitationLink(userId: string): Promise<string> {
  const token = newLinkToken();
  await query(
    `insert into account_tokens (purpose, token_hash, account_id, clientspace_id, created_by, created_at, expires_at)
     select 'invitation', $1, $2, c.id, a.id, now() - interval '1 hour', now() + interval '23 hours'
     from clientspaces c, accounts a where c.slug = 'acme' and a.email = 'admin@acme.test'`,
    [hashLinkToken(token), userId],
  );
  return token;
}

export type InvitationLinkRow = { used: boolean; voided: boolean; created_by_email: string | null };

/** The user's invitation links, oldest first. */
export async function invitationLinks(userId: string): Promise<InvitationLinkRow[]> {
  return query<InvitationLinkRow>(
    `select t.used_at is not null as used, t.voided_at is not null as voided, a.email as created_by_email
     from account_tokens t left join accounts a on a.id = t.created_by
     where t.account_id = $1 and t.purpose = 'invitation' order by t.created_at, t.id`,
    [userId],
  );
}
