import { USER_FIELDS, type UserFieldId } from "./fields";

/**
 * Headers the import recognises besides the field names themselves, compared after
 * normaliseHeader (case, accents, spaces and punctuation ignored), so "E-mail", "e mail" and
 * "EMAIL" are one entry. A header may appear in several groups (each product's list is kept
 * whole) but always for the same field: the module refuses to load otherwise.
 * `null` marks headers that are known on purpose and left unmapped: they could mean two fields
 * (a full name is not a first or last name) or they identify the user in another product, which
 * must never be taken for a Roster ID.
 */
export const HEADER_SYNONYMS: ReadonlyArray<{ source: string; headers: Record<string, UserFieldId | null> }> = [
  {
    // Roster's own export headers (lib/transfer/fields.ts) are added below from USER_FIELDS;
    // these are the plain English ways of writing them in a hand-made spreadsheet.
    source: "English, hand-made spreadsheets",
    headers: {
      "Roster ID": "id",
      "User name": "username",
      "Login": "username",
      "Email address": "email",
      "Mail": "email",
      "Surname": "lastName",
      "Family name": "lastName",
      "Given name": "firstName",
      "Forename": "firstName",
      "Job title": "title",
      "Position": "title",
      "Department": "service",
      "Phone number": "phone",
      "Telephone": "phone",
      "Mobile": "phone",
      "Mobile phone": "phone",
      "Work phone": "phone",
      "Roles": "roles",
      "Role": "roles",
      "Workspace": "workspaces",
      "Administrator": "admin",
      "User type": "kind",
      "Internal or external": "kind",
    },
  },
  {
    source: "French, hand-made spreadsheets",
    headers: {
      "Nom": "lastName",
      "Nom de famille": "lastName",
      "Prénom": "firstName",
      "E-mail": "email",
      "Courriel": "email",
      "Adresse e-mail": "email",
      "Adresse mail": "email",
      "Adresse électronique": "email",
      "Adresse courriel": "email",
      "Fonction": "title",
      "Poste": "title",
      "Intitulé de poste": "title",
      "Titre": "title",
      "Département": "service",
      "Téléphone": "phone",
      "Tél": "phone",
      "Numéro de téléphone": "phone",
      "Portable": "phone",
      "Téléphone mobile": "phone",
      "Identifiant": "username",
      "Nom d'utilisateur": "username",
      "Espaces de travail": "workspaces",
      "Espace de travail": "workspaces",
      "Rôle": "roles",
      "Administrateur": "admin",
      "Auditeur": "auditor",
      "Statut": "status",
      "Licence": "license",
      "Début de licence": "licenseStart",
      "Fin de licence": "licenseEnd",
      "Première connexion": "firstConnection",
      "Dernière connexion": "lastConnection",
      "Origine": "origin",
      "Interne/Externe": "kind",
      "Type d'utilisateur": "kind",
    },
  },
  {
    // Okta user profile attributes, the headers of Okta's CSV user import and of the Okta API's
    // user profile (developer.okta.com, "User profile object"). Keycloak's realm export and
    // Supabase's auth.users use the same names for the attributes they have (username, email,
    // firstName, lastName, phone), so this group covers them too.
    source: "Okta, Keycloak, Supabase",
    headers: {
      "firstName": "firstName",
      "lastName": "lastName",
      "primaryEmail": "email",
      "Primary email": "email",
      "mobilePhone": "phone",
      "primaryPhone": "phone",
      "Okta ID": null,
      "employeeNumber": null,
      "secondEmail": null,
    },
  },
  {
    // Microsoft Entra ID (Azure AD): "Download users" CSV columns (learn.microsoft.com,
    // entra/identity/users/users-bulk-download) and the "Bulk create" template headers, written
    // "Item name [property] Required". userType holds Member/Guest: internal/external.
    source: "Microsoft Entra ID / Azure AD",
    headers: {
      "userPrincipalName": "username",
      "User name [userPrincipalName] Required": "username",
      "givenName": "firstName",
      "First name [givenName]": "firstName",
      "Last name [surname]": "lastName",
      "jobTitle": "title",
      "Job title [jobTitle]": "title",
      "Department [department]": "service",
      "mobile": "phone",
      "Mobile phone [mobile]": "phone",
      "telephoneNumber": "phone",
      "Office phone [telephoneNumber]": "phone",
      "businessPhones": "phone",
      "objectId": null,
      "Object ID": null,
      "Name [displayName] Required": null,
      "mailNickname": null,
    },
  },
  {
    // Google Workspace: Admin console › Users › "Download users" and the bulk update template
    // (support.google.com/a/answer/40057), whose headers carry [Required] / [READ ONLY] suffixes.
    source: "Google Workspace",
    headers: {
      "Email Address [Required]": "email",
      "First Name [Required]": "firstName",
      "Last Name [Required]": "lastName",
      "Employee Title": "title",
      "Department": "service",
      "Work Phone": "phone",
      "Home Phone": null,
      "Employee ID": null,
      "Employee Type": null,
      "Recovery Email": null,
      "Manager Email": null,
    },
  },
  {
    // A full name cannot be split into first and last name reliably, and "User ID" is an ID in
    // some products and a login in others: the admin maps these by hand.
    source: "Ambiguous",
    headers: {
      "Name": null,
      "Full name": null,
      "Display name": null,
      "Nom complet": null,
      "Nom et prénom": null,
      "Prénom Nom": null,
      "Nom Prénom": null,
      "Nom d'affichage": null,
      "User": null,
      "Utilisateur": null,
      "User ID": null,
      "External ID": null,
    },
  },
];

/** Normalised header → field (or null), built once; one header for two fields is a programming error. */
export function buildSynonymIndex(normalise: (h: string) => string): Map<string, UserFieldId | null> {
  const index = new Map<string, UserFieldId | null>();
  const add = (header: string, field: UserFieldId | null, source: string) => {
    const key = normalise(header);
    if (index.has(key) && index.get(key) !== field) {
      throw new Error(`Header synonym "${header}" (${source}) is listed for two fields.`);
    }
    index.set(key, field);
  };
  for (const field of USER_FIELDS) add(field.header, field.id, "Roster export");
  for (const field of USER_FIELDS) add(field.id, field.id, "field ids");
  for (const group of HEADER_SYNONYMS) for (const [header, field] of Object.entries(group.headers)) add(header, field, group.source);
  return index;
}
