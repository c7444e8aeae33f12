const hrefPattern = /<a\b[^>]*?\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi;

function decodeEntities(value: string) {
  return value
    .replace(/&#x([\da-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The distinct links of a rendered email, with their text, so that the mailbox can offer them directly. */
export function emailLinks(html: string): { href: string; text: string }[] {
  const links = new Map<string, string>();
  for (const [, rawHref, inner] of html.matchAll(hrefPattern)) {
    const href = decodeEntities(rawHref);
    const text = decodeEntities(inner.replace(/<[^>]*>/g, "")).trim();
    // The button comes first; the fallback repeating the URL as its own text adds nothing.
    if (!links.has(href)) links.set(href, text || href);
  }
  return [...links].map(([href, text]) => ({ href, text }));
}
