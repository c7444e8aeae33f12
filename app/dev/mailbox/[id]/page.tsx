import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getOutboxEmail } from "@/db/queries/outbox";
import { formatMailboxTime, mailboxStatus } from "@/lib/email/dev-mailbox";
import { emailLinks } from "@/lib/email/links";
import { mailboxReader } from "../reader";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Email · Mailbox · Roster", robots: { index: false } };

type Params = Promise<{ id: string }>;

export default async function MailboxEmailPage({ params }: { params: Params }) {
  const reader = await mailboxReader();
  if (!reader) notFound();
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  const email = await getOutboxEmail(await getDb(), reader.clientspaceId, Number(id));
  if (!email) notFound();
  const links = emailLinks(email.html);

  return (
    <main className="mx-auto max-w-4xl px-4 py-8 text-slate-900">
      <p className="text-sm">
        <Link href={`/dev/mailbox?${new URLSearchParams({ to: email.to })}`} className="text-blue-700 underline">
          Emails to {email.to}
        </Link>
        <span aria-hidden="true" className="px-2 text-slate-400">
          ·
        </span>
        <Link href="/dev/mailbox" className="text-blue-700 underline">
          Mailbox
        </Link>
      </p>
      <h1 className="mt-3 text-2xl font-semibold">{email.subject}</h1>

      <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="font-medium text-slate-600">To</dt>
        <dd className="break-all">{email.to}</dd>
        <dt className="font-medium text-slate-600">Template</dt>
        <dd>{email.template}</dd>
        <dt className="font-medium text-slate-600">Written</dt>
        <dd>
          <time dateTime={email.createdAt.toISOString()}>{formatMailboxTime(email.createdAt)}</time>
        </dd>
        <dt className="font-medium text-slate-600">Status</dt>
        <dd>
          {mailboxStatus(email)}
          {email.attempts > 0 ? ` after ${email.attempts} ${email.attempts === 1 ? "attempt" : "attempts"}` : ""}
          {email.sentAt ? (
            <>
              {" on "}
              <time dateTime={email.sentAt.toISOString()}>{formatMailboxTime(email.sentAt)}</time>
            </>
          ) : null}
          {email.providerId ? ` (Resend id ${email.providerId})` : ""}
        </dd>
        {email.error ? (
          <>
            <dt className="font-medium text-slate-600">Last error</dt>
            <dd className="break-all text-red-700">{email.error}</dd>
          </>
        ) : null}
      </dl>

      {links.length > 0 ? (
        <section aria-labelledby="email-links" className="mt-6">
          <h2 id="email-links" className="text-lg font-semibold">
            Links in this email
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {links.map((link) => (
              <li key={link.href}>
                <a href={link.href} className="text-blue-700 underline">
                  {link.text}
                </a>
                {link.text !== link.href ? <span className="ml-2 break-all text-slate-600">{link.href}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="email-html" className="mt-6">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="email-html" className="text-lg font-semibold">
            Message
          </h2>
          <a href={`/dev/mailbox/${email.id}/html`} className="text-sm text-blue-700 underline">
            Open the message on its own
          </a>
        </div>
        {/* Served by ./html with its own CSP: no scripts, its own origin; links open in the whole window. */}
        <iframe
          title={`Message: ${email.subject}`}
          src={`/dev/mailbox/${email.id}/html`}
          sandbox="allow-top-navigation-by-user-activation allow-popups allow-popups-to-escape-sandbox"
          className="mt-2 h-[36rem] w-full rounded-md border border-slate-200 bg-white"
        />
      </section>

      <section aria-labelledby="email-text" className="mt-6">
        <h2 id="email-text" className="text-lg font-semibold">
          Plain text
        </h2>
        <pre className="mt-2 overflow-x-auto rounded-md border border-slate-200 bg-slate-50 p-4 text-sm whitespace-pre-wrap">
          {email.text}
        </pre>
      </section>
    </main>
  );
}
