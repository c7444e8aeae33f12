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
      "Login name": "username",
      "Sign-in name": "username",
      "Sign-in address": "username",
      "User principal name": "username",
      "UPN": "username",
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
      "Auditors": "auditor",
      "User type": "kind",
      "Internal or external": "kind",
      "Single sign-on": "sso",
    },
  },
  {
    // The clientspace user export of the product Roster replaces (SPEC section 6, "the template is
    // the export format"): a file exported there comes back here as it is.
    source: "Previous product's export, English",
    headers: {
      "Is an administrator of the clientspace?": "admin",
      "Clientspace administrator": "admin",
      "First connection date": "firstConnection",
      "Last connection date": "lastConnection",
      "License start date": "licenseStart",
      "License end date": "licenseEnd",
    },
  },
  {
    // The same export in French. Apostrophes (' or ’) and the space before "?" vanish in
    // normaliseHeader, so every way of typing them is one header.
    source: "Previous product's export, French",
    headers: {
      "Nom": "lastName",
      "Prénom": "firstName",
      "Titre": "title",
      "Service": "service",
      "Rôle": "roles",
      "Est un administrateur de l'espace client ?": "admin",
      "Administrateur de l'espace client": "admin",
      "Licence": "license",
      "Date de première connexion": "firstConnection",
      "Date de dernière connexion": "lastConnection",
      "Date de début de licence": "licenseStart",
      "Date de fin de licence": "licenseEnd",
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
      "Identifiant de connexion": "username",
      "Nom d'utilisateur": "username",
      "Identifiant Roster": "id",
      "ID Roster": "id",
      "Espaces de travail": "workspaces",
      "Espace de travail": "workspaces",
      "Rôle": "roles",
      "Rôles": "roles",
      "Administrateur": "admin",
      "Administratrice": "admin",
      "Auditeur": "auditor",
      "Auditrice": "auditor",
      "Statut": "status",
      "Licence": "license",
      "Début de licence": "licenseStart",
      "Fin de licence": "licenseEnd",
      "Première connexion": "firstConnection",
      "Dernière connexion": "lastConnection",
      "Origine": "origin",
      "Interne/Externe": "kind",
      "Interne ou externe": "kind",
      "Type d'utilisateur": "kind",
      "Authentification unique": "sso",
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
    // entra/identity/users/users-bulk-download). The "Bulk create" template's headers, written
    // "Item name [property] Required", are mapped by their property (ENTRA_ATTRIBUTES below).
    // userType holds Member/Guest: internal/external.
    source: "Microsoft Entra ID / Azure AD",
    headers: {
      "userPrincipalName": "username",
      "givenName": "firstName",
      "jobTitle": "title",
      "mobile": "phone",
      "telephoneNumber": "phone",
      "businessPhones": "phone",
      "objectId": null,
      "Object ID": null,
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

/**
 * The properties named in brackets by Entra ID's bulk-create template (`Name [displayName]
 * Required`, learn.microsoft.com, entra/identity/users/users-bulk-add): such a header is mapped by
 * its property, never by its label, whose wording changes between template versions and
 * languages. Properties with no Roster field are listed as null so that they read as known
 * headers. userPrincipalName is the sign-in address: it feeds Email when the file has no email
 * column (lib/transfer/mapping.ts).
 */
export const ENTRA_ATTRIBUTES: Readonly<Record<string, UserFieldId | null>> = {
  userPrincipalName: "username",
  mail: "email",
  givenName: "firstName",
  surname: "lastName",
  jobTitle: "title",
  department: "service",
  telephoneNumber: "phone",
  mobile: "phone",
  mobilePhone: "phone",
  businessPhones: "phone",
  userType: "kind",
  displayName: null,
  passwordProfile: null,
  accountEnabled: null,
  usageLocation: null,
  streetAddress: null,
  state: null,
  country: null,
  physicalDeliveryOfficeName: null,
  city: null,
  postalCode: null,
  employeeId: null,
  companyName: null,
  mailNickname: null,
  objectId: null,
};

/**
 * Headers of a column that holds a person's sign-in name. Entra's userPrincipalName is an email
 * address by design; the others hold one in many files. Such a column feeds Email instead of
 * Username when nothing else does (lib/transfer/mapping.ts).
 */
export const SIGN_IN_HEADERS: readonly string[] = [
  "userPrincipalName",
  "User principal name",
  "UPN",
  "Login",
  "Login name",
  "Sign-in name",
  "Sign-in address",
  "Identifiant",
  "Identifiant de connexion",
  "Username",
  "User name",
  "Nom d'utilisateur",
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
