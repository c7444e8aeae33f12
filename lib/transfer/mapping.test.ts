import { describe, expect, it } from "vitest";
import { EXPORT_HEADERS, USER_FIELDS, type ParsedTable, type UserFieldId } from "./fields";
import { applyMapping, guessMapping, normaliseHeader, validateMapping } from "./mapping";
import { readImportFile } from "./read-file";

describe("normaliseHeader", () => {
  it.each([
    ["E-mail", "email"],
    ["  EMAIL ", "email"],
    ["e_mail", "email"],
    ["Prénom", "prenom"],
    ["Rôle(s)", "roles"],
    ["Intitulé de poste", "intituledeposte"],
    ["Email Address [Required]", "emailaddressrequired"],
    ["Internal/External", "internalexternal"],
  ])("%j → %j", (header, normalised) => {
    expect(normaliseHeader(header)).toBe(normalised);
  });
});

const guess = (header: string) => guessMapping([header])[header];

describe("guessMapping", () => {
  it("maps every header of Roster's own export to its field", () => {
    expect(guessMapping([...EXPORT_HEADERS])).toEqual(Object.fromEntries(USER_FIELDS.map((f) => [f.header, f.id])));
  });

  it.each<[string, string, UserFieldId]>([
    ["English", "E-mail address", "email"],
    ["English", "Surname", "lastName"],
    ["English", "Given name", "firstName"],
    ["English", "Job title", "title"],
    ["English", "Department", "service"],
    ["English", "Phone number", "phone"],
    ["English", "Mobile", "phone"],
    ["English", "User name", "username"],
    ["English", "Login", "username"],
    ["English", "Roles", "roles"],
    ["English", "workspace", "workspaces"],
    ["French", "Nom", "lastName"],
    ["French", "NOM DE FAMILLE", "lastName"],
    ["French", "Prénom", "firstName"],
    ["French", "prenom", "firstName"],
    ["French", "E-mail", "email"],
    ["French", "Courriel", "email"],
    ["French", "Adresse e-mail", "email"],
    ["French", "Fonction", "title"],
    ["French", "Poste", "title"],
    ["French", "Intitulé de poste", "title"],
    ["French", "Service", "service"],
    ["French", "Département", "service"],
    ["French", "Téléphone", "phone"],
    ["French", "Identifiant", "username"],
    ["French", "Espaces de travail", "workspaces"],
    ["French", "Rôle(s)", "roles"],
    ["French", "Interne/Externe", "kind"],
    ["French", "Administrateur", "admin"],
    ["French", "Licence", "license"],
    ["Okta", "login", "username"],
    ["Okta", "email", "email"],
    ["Okta", "firstName", "firstName"],
    ["Okta", "lastName", "lastName"],
    ["Okta", "title", "title"],
    ["Okta", "department", "service"],
    ["Okta", "mobilePhone", "phone"],
    ["Okta", "primaryPhone", "phone"],
    ["Entra ID", "userPrincipalName", "email"],
    ["Entra ID", "mail", "email"],
    ["Entra ID", "givenName", "firstName"],
    ["Entra ID", "surname", "lastName"],
    ["Entra ID", "jobTitle", "title"],
    ["Entra ID", "department", "service"],
    ["Entra ID", "mobile", "phone"],
    ["Entra ID", "userType", "kind"],
    ["Entra ID", "First name [givenName]", "firstName"],
    ["Google Workspace", "Email Address [Required]", "email"],
    ["Google Workspace", "First Name [Required]", "firstName"],
    ["Google Workspace", "Last Name [Required]", "lastName"],
    ["Google Workspace", "Employee Title", "title"],
    ["Google Workspace", "Department", "service"],
    ["Google Workspace", "Work Phone", "phone"],
    ["Google Workspace", "Mobile Phone", "phone"],
  ])("%s header %j → %s", (_source, header, field) => {
    expect(guess(header)).toBe(field);
  });

  it.each([
    "Name",
    "Full name",
    "Display name",
    "displayName",
    "Nom complet",
    "Nom et prénom",
    "User ID",
    "Okta ID",
    "objectId",
    "Employee ID",
    "Name [displayName] Required",
    "Recovery Email",
    "Manager Email",
    "Favourite colour",
    "",
  ])("leaves the ambiguous, foreign or unknown header %j unmapped", (header) => {
    expect(guess(header)).toBeNull();
  });

  it("never maps two columns to one field: the first wins", () => {
    expect(guessMapping(["Mobile Phone", "Email", "E-mail", "Work Phone", "Mail"])).toEqual({
      "Mobile Phone": "phone",
      Email: "email",
      "E-mail": null,
      "Work Phone": null,
      Mail: null,
    });
  });

  it("maps a whole Entra ID download so that it passes validation", () => {
    const csv = "userPrincipalName,displayName,surname,mail,givenName,objectId,userType,jobTitle,department\r\n" +
      "ada@acme.test,Ada Lovelace,Lovelace,ada@acme.test,Ada,6f1c…,Member,CTO,R&D\r\n";
    const table = readImportFile("exportUsers_2026-11-22.csv", Buffer.from(csv));
    const mapping = guessMapping(table.headers);
    expect(mapping).toEqual({
      userPrincipalName: "username",
      displayName: null,
      surname: "lastName",
      mail: "email",
      givenName: "firstName",
      objectId: null,
      userType: "kind",
      jobTitle: "title",
      department: "service",
    });
    expect(validateMapping(mapping)).toEqual([]);
  });
});

describe("validateMapping", () => {
  it("accepts a mapping with an email or an ID column", () => {
    expect(validateMapping({ Email: "email", Name: null })).toEqual([]);
    expect(validateMapping({ ID: "id", Title: "title" })).toEqual([]);
  });

  it("asks for an email or ID column", () => {
    expect(validateMapping({ "Last name": "lastName", Email: null })).toEqual([
      "Map a column to Email or to ID: rows are matched to users by ID, else by email.",
    ]);
  });

  it("refuses a field fed by two columns, naming them", () => {
    expect(validateMapping({ Email: "email", Phone: "phone", Mobile: "phone" })).toEqual([
      'Phone is mapped from 2 columns ("Phone", "Mobile"); keep one.',
    ]);
  });

  it("refuses a field that does not exist, as a mapping sent by a browser may hold", () => {
    expect(validateMapping({ Email: "email", Password: "password" as UserFieldId })).toEqual([
      'Column "Password" is mapped to "password", which is not a user field.',
    ]);
  });
});

describe("applyMapping", () => {
  const table: ParsedTable = {
    headers: ["E-mail", "Nom", "Notes", "License", "License end", "Status", "Espaces de travail"],
    rows: [
      ["ada@acme.test", "Lovelace", "n/a", "pro", "2027-01-01", "active", "Sales; Ops"],
      ["bob@acme.test", "", "", "", "", "", ""],
    ],
  };

  it("keys the rows by field id, keeps their order and the importable fields only", () => {
    const { rows } = applyMapping(table, guessMapping(table.headers));
    expect(rows).toEqual([
      { email: "ada@acme.test", lastName: "Lovelace", workspaces: "Sales; Ops" },
      { email: "bob@acme.test", lastName: "", workspaces: "" },
    ]);
  });

  it("reports each mapped column that is never applied, with its reason", () => {
    const { ignored } = applyMapping(table, guessMapping(table.headers));
    expect(ignored).toEqual([
      { header: "License", field: "license", reason: "ignored: licenses are changed in the UI only" },
      { header: "License end", field: "licenseEnd", reason: "ignored: licenses are changed in the UI only" },
      { header: "Status", field: "status", reason: "ignored: the status is changed in the UI only" },
    ]);
  });

  it("follows a mapping edited by the admin: a re-mapped column and an ignored one", () => {
    const { rows, ignored } = applyMapping(table, { "E-mail": "email", Nom: null, Notes: "title", License: null });
    expect(rows[0]).toEqual({ email: "ada@acme.test", title: "n/a" });
    expect(ignored).toEqual([]);
  });
});
