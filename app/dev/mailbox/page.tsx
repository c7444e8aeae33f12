import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { listOutboxEmails } from "@/db/queries/outbox";
import { formatMailboxTime, mailboxStatus } from "@/lib/email/dev-mailbox";
import { mailboxReader } from "./reader";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Mailbox · Roster", robots: { index: false } };

const PAGE_SIZE = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function single(value: string | string[] | undefined) {
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

function mailboxHref(params: { to?: string; before?: number }) {
  const search = new URLSearchParams();
  if (params.to) search.set("to", params.to);
  if (params.before) search.set("before", String(params.before));
  return search.size > 0 ? `/dev/mailbox?${search}` : "/dev/mailbox";
}

export default async function MailboxPage({ searchParams }: { searchParams: SearchParams }) {
  const reader = await mailboxReader();
  if (!reader) notFound();
  const params = await searchParams;
  const to = single(params.to);
  const beforeParam = Number(single(params.before));
  const before = Number.isSafeInteger(beforeParam) && beforeParam > 0 ? beforeParam : undefined;
  const emails = await listOutboxEmails(await getDb(), { clientspaceId: reader.clientspaceId, to, before, limit: PAGE_SIZE });
  const older = emails.length === PAGE_SIZE ? emails[emails.length - 1].id : undefined;

  return (
    <main className="mx-auto max-w-6xl px-4 py-8 text-slate-900">
      <h1 className="text-2xl font-semibold">Mailbox</h1>
      <p className="mt-2 text-sm text-slate-600">
        Development only: every email Roster wrote for {reader.clientspaceName}, newest first. Without{" "}
        <code>RESEND_API_KEY</code> nothing is sent, so follow invitation and password links from here.
      </p>

      <form method="get" className="mt-6 flex flex-wrap items-end gap-3" role="search" aria-label="Filter emails">
        <div className="flex flex-col gap-1">
          <label htmlFor="mailbox-to" className="text-sm font-medium">
            Recipient
          </label>
          <input
            id="mailbox-to"
            name="to"
            type="email"
            defaultValue={to}
            placeholder="name@example.com"
            className="w-72 rounded-md border border-slate-400 px-3 py-2 text-sm focus:outline-2 focus:outline-offset-2 focus:outline-blue-600"
          />
        </div>
        <button
          type="submit"
          className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 focus:outline-2 focus:outline-offset-2 focus:outline-blue-600"
        >
          Filter
        </button>
        {to ? (
          <Link href="/dev/mailbox" className="py-2 text-sm text-blue-700 underline">
            Show all recipients
          </Link>
        ) : null}
      </form>

      {emails.length === 0 ? (
        <p className="mt-8 text-sm text-slate-600">{to ? `No emails to ${to}.` : "No emails yet."}</p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-md border border-slate-200">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">{to ? `Emails to ${to}, newest first` : "Emails, newest first"}</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Subject
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  To
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Template
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Time
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {emails.map((email) => (
                <tr key={email.id}>
                  <td className="px-3 py-2">
                    <Link href={`/dev/mailbox/${email.id}`} className="font-medium text-blue-700 underline">
                      {email.subject}
                    </Link>
                  </td>
                  <td className="px-3 py-2 [overflow-wrap:anywhere]">{email.to}</td>
                  <td className="px-3 py-2 text-slate-600">{email.template}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-600">
                    <time dateTime={email.createdAt.toISOString()}>{formatMailboxTime(email.createdAt)}</time>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap" title={email.error ?? undefined}>
                    {mailboxStatus(email)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {before || older ? (
        <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
          {before ? (
            <Link href={mailboxHref({ to })} className="text-blue-700 underline">
              Newest
            </Link>
          ) : null}
          {older ? (
            <Link href={mailboxHref({ to, before: older })} className="text-blue-700 underline">
              Older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </main>
  );
}
