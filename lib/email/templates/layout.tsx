import type { CSSProperties, ReactNode } from "react";
import { appUrl } from "../app-url";

// Email clients ignore stylesheets and many CSS features: inline styles, tables for layout.
const colors = { text: "#111827", muted: "#6b7280", border: "#e5e7eb", page: "#f3f4f6", accent: "#1d4ed8" };
const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const styles = {
  paragraph: { margin: "0 0 16px", fontSize: "15px", lineHeight: "24px", color: colors.text },
  muted: { margin: "0 0 16px", fontSize: "13px", lineHeight: "20px", color: colors.muted },
  heading: { margin: "0 0 16px", fontSize: "20px", lineHeight: "28px", fontWeight: 600, color: colors.text },
  link: { color: colors.accent, wordBreak: "break-all" },
} satisfies Record<string, CSSProperties>;

export function EmailLayout({ title, preview, children }: { title: string; preview: string; children: ReactNode }) {
  return (
    <html lang="en">
      {/* eslint-disable-next-line @next/next/no-head-element -- an email document, never a Next page */}
      <head>
        <meta httpEquiv="Content-Type" content="text/html; charset=UTF-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style={{ margin: 0, padding: 0, backgroundColor: colors.page, fontFamily: font }}>
        {/* Shown by mail clients next to the subject; the plain-text version already has the full body. */}
        <div data-skip-in-text="true" style={{ display: "none", overflow: "hidden", maxHeight: 0, opacity: 0 }}>
          {preview}
        </div>
        <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ backgroundColor: colors.page }}>
          <tbody>
            <tr>
              <td align="center" style={{ padding: "32px 16px" }}>
                <table
                  role="presentation"
                  width="100%"
                  cellPadding={0}
                  cellSpacing={0}
                  style={{ maxWidth: "560px", backgroundColor: "#ffffff", border: `1px solid ${colors.border}`, borderRadius: "8px" }}
                >
                  <tbody>
                    <tr>
                      <td style={{ padding: "24px 32px 0", fontSize: "16px", fontWeight: 700, color: colors.text }}>Roster</td>
                    </tr>
                    <tr>
                      <td style={{ padding: "16px 32px 8px" }}>{children}</td>
                    </tr>
                    <tr>
                      <td style={{ padding: "16px 32px 24px", borderTop: `1px solid ${colors.border}` }}>
                        <p style={{ ...styles.muted, margin: 0 }}>
                          This message was sent by Roster at{" "}
                          <a href={appUrl()} style={{ color: colors.muted }}>
                            {appUrl()}
                          </a>
                          .
                        </p>
                      </td>
                    </tr>
                  </tbody>
                </table>
              </td>
            </tr>
          </tbody>
        </table>
      </body>
    </html>
  );
}

/** A call-to-action link drawn as a button, followed by the raw URL for clients that hide buttons. */
export function EmailButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <>
      <table role="presentation" cellPadding={0} cellSpacing={0} style={{ margin: "8px 0 24px" }}>
        <tbody>
          <tr>
            <td style={{ backgroundColor: colors.accent, borderRadius: "6px" }}>
              <a
                href={href}
                style={{
                  display: "inline-block",
                  padding: "12px 20px",
                  fontSize: "15px",
                  fontWeight: 600,
                  color: "#ffffff",
                  textDecoration: "none",
                }}
              >
                {children}
              </a>
            </td>
          </tr>
        </tbody>
      </table>
      <p data-skip-in-text="true" style={styles.muted}>
        If the button does not work, copy this link into your browser:{" "}
        <a href={href} style={styles.link}>
          {href}
        </a>
      </p>
    </>
  );
}

/** A timestamp readers anywhere can interpret: the recipient's time zone is unknown. */
export function formatEmailTime(at: Date | string): string {
  const date = typeof at === "string" ? new Date(at) : at;
  const formatted = new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
  return `${formatted} UTC`;
}
