import { query, type TestUser } from "./db";

/** A business object of Acme in the named workspace, with `responsible` as its responsible user. */
export async function createAcmeObject(responsible: TestUser, workspace: string, name: string, kind = "document"): Promise<string> {
  const [row] = await query<{ id: string }>(
    `insert into objects (clientspace_id, workspace_id, name, kind, responsible_account_id)
     select c.id, w.id, $3, $4, $1 from clientspaces c join workspaces w on w.clientspace_id = c.id and w.name = $2
     where c.slug = 'acme' returning id`,
    [responsible.id, workspace, name, kind],
  );
  if (!row) throw new Error(`no Acme workspace named ${workspace}`);
  return row.id;
}

/** Hands every object `from` is responsible for to the account with email `toEmail`; returns how many. */
export async function reassignObjects(from: TestUser, toEmail: string): Promise<number> {
  const rows = await query<{ id: string }>(
    `update objects set responsible_account_id = (select id from accounts where lower(email) = lower($2))
     where responsible_account_id = $1 returning id`,
    [from.id, toEmail],
  );
  return rows.length;
}
