import { describe, expect, it } from "vitest";
import { ENTRA_HEADERS } from "@/tests/support/import-files";
import { USER_FIELDS, type UserFieldId } from "./fields";
import { guessMapping, missingIdentityColumn, validateMapping } from "./mapping";

/**
 * Issue 11, requirements 1 and 2: the headers of the files people really have map to the right
 * fields: Entra ID's `Label [attribute] Required`, a sign-in column that is the email address,
 * the previous product's export in English and in French, and every column of Roster's own
 * export written in French.
 */

const guess = (header: string) => guessMapping([header])[header];

describe("Entra ID's bulk-create template: mapped by the attribute in brackets", () => {
  it("maps the whole template; userPrincipalName, the sign-in address, feeds Email since nothing else does", () => {
    const rows = [["Ada Lovelace", "ada@contoso.test", "x", "No", "Ada", "Lovelace", "", "", "GB", "", "", "", "", "", "", "+44 20 7946 0958", ""]];
    const mapping = guessMapping(ENTRA_HEADERS, rows);
    expect(mapping).toEqual({
      "Name [displayName] Required": null,
      "User name [userPrincipalName] Required": "email",
      "Initial password [passwordProfile] Required": null,
      "Block sign in (Yes/No) [accountEnabled] Required": null,
      "First name [givenName]": "firstName",
      "Last name [surname]": "lastName",
      "Job title [jobTitle]": "title",
      "Department [department]": "service",
      "Usage location [usageLocation]": null,
      "Street address [streetAddress]": null,
      "State or province [state]": null,
      "Country or region [country]": null,
      "Office [physicalDeliveryOfficeName]": null,
      "City [city]": null,
      "ZIP or postal code [postalCode]": null,
      "Office phone [telephoneNumber]": "phone",
      "Mobile phone [mobile]": null,
    });
    expect(validateMapping(mapping)).toEqual([]);
  });

  it("without rows to look at (a saved mapping's fallback), the template maps the same", () => {
    expect(guessMapping(ENTRA_HEADERS)["User name [userPrincipalName] Required"]).toBe("email");
  });

  it.each<[string, UserFieldId | null]>([
    ["Nom [surname]", "lastName"],
    ["Prénom [givenName] Obligatoire", null],
    ["Courriel [mail]", "email"],
    ["Téléphone portable [mobile]", "phone"],
    ["E-mail [displayName]", null],
    ["Department [jobTitle]", "title"],
    ["Anything [unknownAttribute]", null],
  ])("%j → %s: the attribute decides, never the label", (header, field) => {
    expect(guess(header)).toBe(field);
  });

  it("keeps Google Workspace's [Required] marks as they were: not an attribute", () => {
    expect(guessMapping(["Email Address [Required]", "First Name [Required]", "Last Name [Required]"])).toEqual({
      "Email Address [Required]": "email",
      "First Name [Required]": "firstName",
      "Last Name [Required]": "lastName",
    });
  });
});

describe("a sign-in column fills Email when no column is an email", () => {
  const emails = [["ada@acme.test"], ["alan@acme.test"]];
  const logins = [["ada.l"], ["alan.t"]];

  it.each(["userPrincipalName", "UPN", "Login", "Sign-in name", "Identifiant", "Username"])("%s holding addresses → Email", (header) => {
    expect(guessMapping([header, "First name"], emails.map((r) => [...r, "Ada"]))).toEqual({ [header]: "email", "First name": "firstName" });
  });

  it.each(["Login", "Identifiant", "Username"])("%s holding plain logins stays Username", (header) => {
    expect(guessMapping([header], logins)).toEqual({ [header]: "username" });
  });

  it("an Email column present: the sign-in column stays Username", () => {
    expect(guessMapping(["Login", "E-mail"], [["ada@acme.test", "ada@acme.test"]])).toEqual({ Login: "username", "E-mail": "email" });
  });

  it("an ID column present (an update by ID): nothing is moved to Email", () => {
    expect(guessMapping(["ID", "Login"], [["6c1f…", "ada@acme.test"]])).toEqual({ ID: "id", Login: "username" });
  });

  it("the sign-in column moved to Email leaves Username to the next column that names it", () => {
    expect(guessMapping(["Login", "Nom d'utilisateur"], [["ada@acme.test", "ada"]])).toEqual({ Login: "email", "Nom d'utilisateur": "username" });
  });

  it("a column of unknown name holding addresses feeds Email, one of a known other meaning does not", () => {
    expect(guessMapping(["Courriel pro", "Nom"], [["ada@acme.test", "Lovelace"]])).toEqual({ "Courriel pro": "email", Nom: "lastName" });
    expect(guessMapping(["Manager Email", "Nom"], [["boss@acme.test", "Lovelace"]])).toEqual({ "Manager Email": null, Nom: "lastName" });
  });
});

describe("missingIdentityColumn: the upload's refusal of a file nobody could be matched by", () => {
  const table = (headers: string[], rows: string[][]) => ({ headers, rows });

  it("refuses a file with no Email or ID column and no column of addresses", () => {
    const t = table(["First name", "Last name"], [["Ada", "Lovelace"]]);
    expect(missingIdentityColumn(t, guessMapping(t.headers, t.rows))).toBe(
      "No column of this file holds email addresses or Roster IDs: each row needs one (a new user needs an email). Add an Email column, or export the users from Roster to get their IDs.",
    );
  });

  it.each([
    ["an ID-only update file", table(["ID", "Title"], [["0b7e…", "CTO"]])],
    ["an Email column", table(["Email", "Title"], [["ada@acme.test", "CTO"]])],
    ["addresses under a header the admin must map", table(["Manager Email", "Title"], [["boss@acme.test", "CTO"]])],
  ])("accepts %s", (_label, t) => {
    expect(missingIdentityColumn(t, guessMapping(t.headers, t.rows))).toBeNull();
  });
});

describe("the previous product's export, in English and in French (seed 000)", () => {
  it("English headers", () => {
    const headers = ["Name", "First name", "Title", "Service", "Role", "Is an administrator of the clientspace?", "License", "First connection date", "Last connection date", "License start date", "License end date", "Email"];
    expect(guessMapping(headers)).toEqual({
      Name: "lastName",
      "First name": "firstName",
      Title: "title",
      Service: "service",
      Role: "roles",
      "Is an administrator of the clientspace?": "admin",
      License: "license",
      "First connection date": "firstConnection",
      "Last connection date": "lastConnection",
      "License start date": "licenseStart",
      "License end date": "licenseEnd",
      Email: "email",
    });
  });

  it("French headers, the admin question with either apostrophe and with or without the space before ?", () => {
    const headers = ["Nom", "Prénom", "Titre", "Service", "Rôle", "Est un administrateur de l'espace client ?", "Licence", "Date de première connexion", "Date de dernière connexion", "Date de début de licence", "Date de fin de licence", "E-mail"];
    expect(Object.values(guessMapping(headers))).toEqual(["lastName", "firstName", "title", "service", "roles", "admin", "license", "firstConnection", "lastConnection", "licenseStart", "licenseEnd", "email"]);
    for (const question of ["Est un administrateur de l’espace client ?", "Est un administrateur de l'espace client?", "EST UN ADMINISTRATEUR DE L’ESPACE CLIENT\u00a0?"]) {
      expect(guess(question)).toBe("admin");
    }
  });

  it("a plain Name stays unmapped when nothing says it is the last name", () => {
    expect(guessMapping(["Name", "Email"])).toEqual({ Name: null, Email: "email" });
    expect(guessMapping(["Name", "First name", "Last name"])).toEqual({ Name: null, "First name": "firstName", "Last name": "lastName" });
  });
});

describe("every column of Roster's own export, written in French, maps back", () => {
  const FRENCH: Record<UserFieldId, string[]> = {
    id: ["ID", "Identifiant Roster"],
    username: ["Nom d'utilisateur", "Nom d’utilisateur"],
    email: ["E-mail", "Email", "Adresse e-mail", "Courriel"],
    lastName: ["Nom", "Nom de famille"],
    firstName: ["Prénom"],
    title: ["Titre", "Fonction"],
    service: ["Service"],
    phone: ["Téléphone"],
    roles: ["Rôle(s)", "Rôles", "Rôle"],
    admin: ["Administrateur", "Admin"],
    auditor: ["Auditeur"],
    status: ["Statut"],
    license: ["Licence"],
    licenseStart: ["Début de licence", "Date de début de licence"],
    licenseEnd: ["Fin de licence", "Date de fin de licence"],
    firstConnection: ["Première connexion", "Date de première connexion"],
    lastConnection: ["Dernière connexion", "Date de dernière connexion"],
    workspaces: ["Espaces de travail"],
    origin: ["Origine"],
    kind: ["Interne/Externe", "Interne ou externe"],
    sso: ["SSO", "Authentification unique"],
  };

  it("lists every field", () => {
    expect(Object.keys(FRENCH).sort()).toEqual(USER_FIELDS.map((f) => f.id).sort());
  });

  it.each(Object.entries(FRENCH).flatMap(([field, headers]) => headers.map((h) => [h, field])))("%j → %s", (header, field) => {
    expect(guess(header)).toBe(field);
  });

  it("\"Identifiant\" alone is a sign-in name, never a Roster ID", () => {
    expect(guessMapping(["Identifiant", "E-mail"], [["ada", "ada@acme.test"]])).toEqual({ Identifiant: "username", "E-mail": "email" });
  });
});
