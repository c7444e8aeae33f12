/**
 * Files people really have, built as bytes for the import's tests (issue 11): no fixture files on
 * disk, every byte made here so that a test says what its file holds.
 */

/** Entra ID's bulk-create template as downloaded (learn.microsoft.com, users-bulk-add), with two people. */
export const ENTRA_HEADERS = [
  "Name [displayName] Required",
  "User name [userPrincipalName] Required",
  "Initial password [passwordProfile] Required",
  "Block sign in (Yes/No) [accountEnabled] Required",
  "First name [givenName]",
  "Last name [surname]",
  "Job title [jobTitle]",
  "Department [department]",
  "Usage location [usageLocation]",
  "Street address [streetAddress]",
  "State or province [state]",
  "Country or region [country]",
  "Office [physicalDeliveryOfficeName]",
  "City [city]",
  "ZIP or postal code [postalCode]",
  "Office phone [telephoneNumber]",
  "Mobile phone [mobile]",
];
export const ENTRA_ADA = ["Ada Lovelace", "ada@contoso.test", "Pa55word!x", "No", "Ada", "Lovelace", "Analyst", "R&D", "GB", "12 St James's Sq", "London", "United Kingdom", "B1", "London", "SW1Y 4LG", "+44 20 7946 0958", "+44 7700 900123"];
export const ENTRA_ALAN = ["Alan Turing", "alan@contoso.test", "Pa55word!y", "No", "Alan", "Turing", "", "", "GB", "", "", "", "", "", "", "", ""];

export function entraTemplate(firstLine = "version:v1.0"): string {
  const row = (cells: string[]) => cells.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");
  return [firstLine, row(ENTRA_HEADERS), row(ENTRA_ADA), row(ENTRA_ALAN)].join("\r\n") + "\r\n";
}

/**
 * The previous product's user export in French as Excel saves "CSV (séparateur : point-virgule)":
 * Windows-1252, semicolons, CRLF, no BOM. Rôle holds a role with no workspace (Viewer/Editor), as
 * that product writes it; Est un administrateur… holds Oui/Non.
 */
export const FRENCH_EXPORT_HEADERS = [
  "Nom",
  "Prénom",
  "E-mail",
  "Titre",
  "Service",
  "Rôle",
  "Est un administrateur de l’espace client ?",
  "Licence",
  "Date de première connexion",
  "Date de dernière connexion",
  "Date de début de licence",
  "Date de fin de licence",
];

export function frenchExport(people: Array<{ lastName: string; firstName: string; email: string; title?: string; role?: string; admin?: boolean }>): Buffer {
  const lines = [FRENCH_EXPORT_HEADERS.join(";")];
  for (const p of people) {
    lines.push([p.lastName, p.firstName, p.email, p.title ?? "", "Données", p.role ?? "Viewer", p.admin ? "Oui" : "Non", "Explorer", "2026-01-05", "2026-11-20", "2026-01-01", "2026-12-31"].join(";"));
  }
  return windows1252(lines.join("\r\n") + "\r\n");
}

/** Latin-1 covers the French letters used here; the 0x80-0x9F range (’, œ, €) is mapped by hand. */
export function windows1252(text: string): Buffer {
  const high: Record<string, number> = { "€": 0x80, "’": 0x92, "œ": 0x9c, "Œ": 0x8c, "–": 0x96, "—": 0x97 };
  return Buffer.from([...text].map((c) => high[c] ?? (c.charCodeAt(0) <= 0xff ? c.charCodeAt(0) : 0x3f)));
}

/**
 * A workbook of long, repeated strings (descriptions, notes), as the real 869 KB file that
 * unpacks to 54 MB: its sheet is compressed about 160 to 1, far under the 200 MB a workbook may
 * unpack to. 6,000 rows give 55 MB of XML in 340 KB.
 */
export function longStringRows(count: number, domain = "acme.test"): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    rows.push([`user${i}@${domain}`, `Ann${letters(i)}`, `Lee${letters(i)}`, `Description of person ${i % 7}: ${"lorem ipsum dolor sit amet ".repeat(330)}`.slice(0, 9000)]);
  }
  return rows;
}
export const LONG_STRING_HEADERS = ["Email", "First name", "Last name", "Title"];

/** 0 → "a", 25 → "z", 26 → "ba": names without digits, which a name may not hold. */
function letters(n: number): string {
  let text = "";
  do {
    text = String.fromCharCode(97 + (n % 26)) + text;
    n = Math.floor(n / 26);
  } while (n > 0);
  return text;
}
