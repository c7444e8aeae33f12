import {
  createLoader,
  createSerializer,
  parseAsArrayOf,
  parseAsBoolean,
  parseAsInteger,
  parseAsIsoDate,
  parseAsNumberLiteral,
  parseAsString,
  parseAsStringLiteral,
  type inferParserType,
} from "nuqs/server";
import { membershipKind, membershipOrigin } from "@/db/schema/memberships";

/**
 * The users page's whole view lives in the URL. These parsers are the one definition, used by the
 * server page (to query) and by the client table (to read and write the URL).
 */

/** SPEC section 3, in order of precedence. */
export const USER_STATUSES = ["disabled", "locked", "invited", "invitation_expired", "never_connected", "inactive", "active"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const LICENSE_STATES = ["none", "active", "not_started", "expired"] as const;
export type LicenseState = (typeof LICENSE_STATES)[number];

/** Sortable columns; each has an index that leads with the clientspace (keyset pages). */
export const SORT_KEYS = ["name", "email", "username", "license", "licenseEnd", "firstConnection", "lastConnection", "created"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export const COLUMN_IDS = [
  "name",
  "email",
  "username",
  "status",
  "license",
  "licenseEnd",
  "admin",
  "workspaces",
  "firstConnection",
  "lastConnection",
  "created",
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];
export const DEFAULT_COLUMNS: ColumnId[] = ["name", "email", "status", "license", "workspaces", "lastConnection"];

export const PANEL_TABS = ["profile", "license", "access", "statistics", "history"] as const;
export type PanelTab = (typeof PANEL_TABS)[number];

export const ORIGINS = membershipOrigin.enumValues;
export const KINDS = membershipKind.enumValues;
export const NO_LICENSE = "none";

const yesNo = ["yes", "no"] as const;

/** Filters: changing any of them resets the page. */
export const filterParsers = {
  q: parseAsString.withDefault(""),
  status: parseAsArrayOf(parseAsStringLiteral(USER_STATUSES)).withDefault([]),
  /** License type ids, or "none". */
  license: parseAsArrayOf(parseAsString).withDefault([]),
  licenseState: parseAsArrayOf(parseAsStringLiteral(LICENSE_STATES)).withDefault([]),
  admin: parseAsStringLiteral(yesNo),
  auditor: parseAsStringLiteral(yesNo),
  workspace: parseAsArrayOf(parseAsString).withDefault([]),
  /** Role ids (within the chosen workspaces, or any workspace). */
  role: parseAsArrayOf(parseAsString).withDefault([]),
  kind: parseAsStringLiteral(KINDS),
  origin: parseAsArrayOf(parseAsStringLiteral(ORIGINS)).withDefault([]),
  firstFrom: parseAsIsoDate,
  firstTo: parseAsIsoDate,
  lastFrom: parseAsIsoDate,
  lastTo: parseAsIsoDate,
  never: parseAsBoolean.withDefault(false),
};

export const viewParsers = {
  sort: parseAsStringLiteral(SORT_KEYS).withDefault("name"),
  dir: parseAsStringLiteral(["asc", "desc"] as const).withDefault("asc"),
  size: parseAsNumberLiteral(PAGE_SIZES).withDefault(25),
  /** Opaque keyset cursor (see db/queries/users.ts); absent on the first page. */
  cursor: parseAsString,
  /** The page number shown to the user; the cursor does the work. */
  page: parseAsInteger.withDefault(1),
  cols: parseAsArrayOf(parseAsStringLiteral(COLUMN_IDS)),
};

export const panelParsers = {
  user: parseAsString,
  tab: parseAsStringLiteral(PANEL_TABS).withDefault("profile"),
};

export const directoryParsers = { ...filterParsers, ...viewParsers, ...panelParsers };

export const loadDirectoryParams = createLoader(directoryParsers);
export const serializeDirectoryParams = createSerializer(directoryParsers);

export type DirectoryFilters = inferParserType<typeof filterParsers>;
export type DirectoryParams = inferParserType<typeof directoryParsers>;

export const MAX_SEARCH_LENGTH = 200;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The search as the query may use it: NUL (which PostgreSQL refuses in text) and other control
 * characters a URL can carry are dropped, and the length bounded.
 */
export function searchTerm(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, MAX_SEARCH_LENGTH);
}

/** The filters alone, with ids that are not ids dropped: what "all N matching" carries. */
export function pickFilters(params: DirectoryParams): DirectoryFilters {
  return {
    q: searchTerm(params.q),
    status: params.status,
    license: params.license.filter((l) => l === NO_LICENSE || UUID_RE.test(l)),
    licenseState: params.licenseState,
    admin: params.admin,
    auditor: params.auditor,
    workspace: params.workspace.filter((w) => UUID_RE.test(w)),
    role: params.role.filter((r) => UUID_RE.test(r)),
    kind: params.kind,
    origin: params.origin,
    firstFrom: params.firstFrom,
    firstTo: params.firstTo,
    lastFrom: params.lastFrom,
    lastTo: params.lastTo,
    never: params.never,
  };
}

export function activeFilterCount(filters: DirectoryFilters): number {
  return Object.entries(filters).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== "" && v !== false)).length;
}
