import { eq } from "drizzle-orm";
import { hashPassword } from "../../lib/auth/password";
import {
  accounts,
  clientspaceMemberships,
  clientspaces,
  licenseTypes,
  objects,
  roles,
  workspaceMemberships,
  workspaces,
  type NewAccount,
  type NewClientspaceMembership,
} from "../schema";
import type { Db } from "../types";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, GLOBEX_ADMIN_EMAIL } from "./demo-accounts";
import { BUILT_IN_ROLES, type BuiltInRoleKey } from "./roles";

const DAY = 86_400_000;
const HOUR = 3_600_000;

// Names grouped by language so that first and last names match (surnames that change with gender
// are left out); the accents, apostrophes, hyphens and particles are deliberate: search, sorting
// and usernames must cope with them.
export const NAME_POOLS: readonly { locale: string; first: readonly string[]; last: readonly string[] }[] = [
  {
    locale: "fr",
    first: ["Élodie", "Jean-Pierre", "Camille", "Théo", "Chloé", "François", "Hélène", "Anaïs", "Benoît", "Céline", "Joël", "Noémie", "Loïc", "Margaux"],
    last: ["Dubois", "Lefèvre", "Moreau", "Girard", "Bonnet", "Fournier", "Rousseau", "Lemaître", "Duval", "Faure", "Chevalier", "Mercier", "Gauthier", "Bérenger"],
  },
  {
    locale: "pl",
    first: ["Łukasz", "Agnieszka", "Michał", "Małgorzata", "Paweł", "Katarzyna", "Wojciech", "Zofia", "Krzysztof", "Joanna", "Grzegorz", "Ewa"],
    last: ["Nowak", "Wójcik", "Kaczmarek", "Zając", "Wróbel", "Król", "Mazur", "Krawczyk", "Dudek", "Sikora", "Michalak", "Pawlak"],
  },
  {
    locale: "es",
    first: ["José", "María", "Lucía", "Álvaro", "Sofía", "Javier", "Carmen", "Andrés", "Begoña", "Íñigo", "Pilar", "Raúl"],
    last: ["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Muñoz", "Jiménez", "Ruiz", "Ibáñez", "García Márquez"],
  },
  {
    locale: "de",
    first: ["Jürgen", "Lena", "Matthias", "Anja", "Jörg", "Sabine", "Tobias", "Käthe", "Lukas", "Katrin", "Uwe", "Miriam"],
    last: ["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Schäfer", "Becker", "Hoffmann", "Groß", "Köhler", "Wagner", "Krämer"],
  },
  {
    locale: "it",
    first: ["Giulia", "Lorenzo", "Chiara", "Matteo", "Francesca", "Niccolò", "Alessandra", "Davide", "Federica", "Simone"],
    last: ["Rossi", "Bianchi", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "De Luca"],
  },
  {
    locale: "en",
    first: ["Zoë", "Siobhán", "Aoife", "Ciarán", "Liam", "Niamh", "Seán", "Emma", "Oliver", "Grace", "Éamon", "Charlotte"],
    last: ["O'Brien", "Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "Byrne", "Ryan", "O'Connor", "McCarthy", "Taylor", "Johnson"],
  },
  {
    locale: "nordic",
    first: ["Søren", "Åsa", "Bjørn", "Ingrid", "Magnús", "Sigrún", "Henrik", "Maja", "Þórunn", "Linnéa"],
    last: ["Jørgensen", "Andersson", "Nyström", "Øvergaard", "Lindqvist", "Håkansson", "Sigurðsson", "Ekström", "Halvorsen", "Berg"],
  },
  {
    locale: "pt",
    first: ["João", "Inês", "Gonçalo", "Conceição", "Tiago", "Mariana", "Sebastião", "Letícia"],
    last: ["Silva", "Gonçalves", "Araújo", "Magalhães", "Simões", "Assunção", "Brandão", "Conceição"],
  },
  {
    locale: "cs",
    first: ["Jiří", "Tomáš", "Ondřej", "Lukáš", "Václav", "Radek"],
    last: ["Dvořák", "Novák", "Černý", "Procházka", "Kučera", "Růžička"],
  },
  {
    locale: "tr",
    first: ["Ayşe", "Emre", "Gül", "Barış", "Çağla", "Oğuz"],
    last: ["Yılmaz", "Öztürk", "Şahin", "Çelik", "Doğan", "Aydın"],
  },
  {
    locale: "vi",
    first: ["Minh", "Thảo", "Huy", "Lan", "Đức", "Phương"],
    last: ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng"],
  },
  {
    locale: "ja",
    first: ["Yuki", "Haruto", "Aiko", "Kenji", "Sakura", "Takumi"],
    last: ["Tanaka", "Suzuki", "Takahashi", "Watanabe", "Itō", "Yamamoto"],
  },
  {
    locale: "in",
    first: ["Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram"],
    last: ["Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta"],
  },
  {
    locale: "ar",
    first: ["Youssef", "Leïla", "Karim", "Nour", "Samir", "Yasmine"],
    last: ["El Amrani", "Haddad", "Benali", "Mansour", "Khalil", "Saïdi"],
  },
  {
    locale: "nl",
    first: ["Daan", "Sanne", "Joëlle", "Bram", "Fleur", "Sem"],
    last: ["de Vries", "van den Berg", "Jansen", "Bakker", "van Dijk", "Visser"],
  },
];

export const SERVICE_TITLES: Readonly<Record<string, readonly string[]>> = {
  Sales: ["Account Executive", "Sales Manager", "Business Developer", "Sales Operations Analyst"],
  Finance: ["Financial Analyst", "Controller", "Accountant", "Head of Finance"],
  "Research & Development": ["Research Scientist", "Data Scientist", "Lab Manager", "Software Engineer"],
  Marketing: ["Marketing Manager", "Content Strategist", "Product Marketing Manager"],
  IT: ["System Administrator", "IT Support Specialist", "Security Engineer"],
  Legal: ["Legal Counsel", "Compliance Officer", "Paralegal"],
  "Human Resources": ["HR Business Partner", "Recruiter", "Payroll Specialist"],
  Operations: ["Operations Manager", "Supply Chain Planner", "Logistics Coordinator"],
  "Customer Success": ["Customer Success Manager", "Support Engineer", "Onboarding Specialist"],
};

const EXTERNAL_TITLES = ["Consultant", "Contractor", "External Auditor", "Agency Partner", "Freelance Analyst"];
const PARTNER_DOMAINS = ["northwind.test", "initech.test", "contoso.test", "umbrella-consulting.test"];

// Letters that Unicode decomposition leaves alone (they are letters of their own, not accented ones).
const TRANSLITERATIONS: Record<string, string> = {
  ł: "l", Ł: "l", ø: "o", Ø: "o", æ: "ae", Æ: "ae", œ: "oe", Œ: "oe", ß: "ss",
  đ: "d", Đ: "d", ð: "d", Ð: "d", þ: "th", Þ: "th", ı: "i",
};

/** The ASCII, lowercase form of a name for usernames: "Jean-Pierre" → "jean-pierre", "O'Brien" → "obrien". */
export function asciiName(name: string): string {
  return name
    .replace(/[łŁøØæÆœŒßđĐðÐþÞı]/g, (c) => TRANSLITERATIONS[c])
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z-]/g, "")
    .replace(/^-+|-+$/g, "");
}

// mulberry32: tiny and good enough for demo data; a fixed seed gives the same people every run.
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let x = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, weight] of entries) {
      x -= weight;
      if (x < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  /** A version-4-shaped UUID, so that validators accept the seeded ids like real ones. */
  uuid(): string {
    const hex = Array.from({ length: 4 }, () => Math.floor(this.next() * 2 ** 32).toString(16).padStart(8, "0")).join("");
    const variant = "89ab"[parseInt(hex[16], 16) & 3];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
}

type SeedStatus = "active" | "inactive" | "never_connected" | "invited" | "invited_expired" | "locked" | "disabled";
type LicenseState = "active" | "not_started" | "expired";

type Timeline = {
  createdAt: Date;
  invitedAt: Date | null;
  invitationExpiresAt: Date | null;
  joinedAt: Date | null;
  firstConnectionAt: Date | null;
  lastConnectionAt: Date | null;
  lockedAt: Date | null;
  disabledAt: Date | null;
  failedSignInCount: number;
};

function timeline(rng: Random, status: SeedStatus, now: number): Timeline {
  const at = (ms: number) => new Date(Math.round(ms));
  if (status === "invited" || status === "invited_expired") {
    // The link lives 24 h (the clientspace default): pending invitations were sent less than a day ago.
    const invited = status === "invited" ? now - rng.between(0.5 * HOUR, 20 * HOUR) : now - rng.between(2 * DAY, 45 * DAY);
    return {
      createdAt: at(invited),
      invitedAt: at(invited),
      invitationExpiresAt: at(invited + 24 * HOUR),
      joinedAt: null,
      firstConnectionAt: null,
      lastConnectionAt: null,
      lockedAt: null,
      disabledAt: null,
      failedSignInCount: 0,
    };
  }
  // Connected people joined at least 125 days ago: their first connection (within 20 days of
  // joining) then precedes the inactive users' 100-day horizon, hence every last connection.
  const created = status === "never_connected" ? now - rng.between(3 * DAY, 400 * DAY) : now - rng.between(125 * DAY, 900 * DAY);
  const viaInvitation = rng.chance(0.5);
  const joined = viaInvitation ? created + rng.between(HOUR, 20 * HOUR) : created;
  const base: Timeline = {
    createdAt: at(created),
    invitedAt: viaInvitation ? at(created) : null,
    invitationExpiresAt: viaInvitation ? at(created + 24 * HOUR) : null,
    joinedAt: at(joined),
    firstConnectionAt: null,
    lastConnectionAt: null,
    lockedAt: null,
    disabledAt: null,
    failedSignInCount: 0,
  };
  if (status === "never_connected") return base;
  const first = joined + rng.between(10 * 60_000, 20 * DAY);
  let last: number;
  switch (status) {
    case "active":
      last = now - rng.between(5 * 60_000, 60 * DAY);
      base.failedSignInCount = rng.chance(0.1) ? rng.int(1, 3) : 0;
      break;
    case "inactive":
      last = first + rng.next() * (now - 100 * DAY - first);
      break;
    case "locked":
      last = now - rng.between(2 * DAY, 40 * DAY);
      base.lockedAt = at(now - rng.between(HOUR, 36 * HOUR));
      base.failedSignInCount = 10;
      break;
    case "disabled":
      last = Math.max(first, now - rng.between(5 * DAY, 300 * DAY));
      base.disabledAt = at(last + rng.between(DAY, 4 * DAY));
      break;
  }
  base.firstConnectionAt = at(first);
  base.lastConnectionAt = at(last);
  return base;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function phone(rng: Random): string {
  const d = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join("");
  return rng.weighted([
    [`+33 6 ${d(2)} ${d(2)} ${d(2)} ${d(2)}`, 3],
    [`+44 7700 900${d(3)}`, 2],
    [`+49 151 ${d(7)}`, 2],
    [`+48 5${d(2)} ${d(3)} ${d(3)}`, 1],
    [`+1 212 555 01${d(2)}`, 2],
  ] as const);
}

type LicensePool = { id: string; name: string; seatLimit: number; cap: number; used: number; weight: number };

type Tenant = {
  id: string;
  name: string;
  slug: string;
  workspaces: { id: string; name: string }[];
  roles: Map<BuiltInRoleKey, string>;
  licenses: LicensePool[];
};

type Person = {
  accountId: string;
  firstName: string;
  lastName: string;
  status: SeedStatus;
  kind: "internal" | "external";
  timeline: Timeline;
  /** workspace id → role key */
  workspaceRoles: Map<string, BuiltInRoleKey>;
};

type Plan = {
  clientspaces: (typeof clientspaces.$inferInsert)[];
  workspaces: (typeof workspaces.$inferInsert)[];
  roles: (typeof roles.$inferInsert)[];
  licenseTypes: (typeof licenseTypes.$inferInsert)[];
  accounts: NewAccount[];
  memberships: NewClientspaceMembership[];
  workspaceMemberships: (typeof workspaceMemberships.$inferInsert)[];
  objects: (typeof objects.$inferInsert)[];
};

const ACME_USERS = 300;
const ACME_STATUS_COUNTS: Record<Exclude<SeedStatus, "active">, number> = {
  disabled: 12,
  locked: 8,
  invited: 14,
  invited_expired: 8,
  never_connected: 18,
  inactive: 58,
};

const OBJECT_SUBJECTS = [
  "Customer churn", "Sales pipeline", "Revenue by region", "Quarterly forecast", "Marketing attribution",
  "Supplier scorecard", "Headcount plan", "Cash flow", "Clinical trial results", "Product usage",
  "Support tickets", "Inventory levels", "Pricing experiments", "Board pack", "Lead scoring",
  "Budget variance", "Lab samples", "Patent portfolio", "Win/loss analysis", "Expense claims",
];
const OBJECT_QUALIFIERS = ["2025", "Q1 2026", "Q2 2026", "EMEA", "North America", "APAC", "v2", "(draft)", "weekly", "monthly"];
const OBJECT_KINDS = [
  ["dataset", 4],
  ["dashboard", 3],
  ["report", 3],
  ["model", 1],
  ["notebook", 1],
  ["document", 2],
] as const;

class Builder {
  readonly plan: Plan = {
    clientspaces: [],
    workspaces: [],
    roles: [],
    licenseTypes: [],
    accounts: [],
    memberships: [],
    workspaceMemberships: [],
    objects: [],
  };
  private readonly usernames = new Set<string>();

  constructor(
    private readonly rng: Random,
    private readonly now: number,
    private readonly passwordHash: string,
  ) {}

  tenant(name: string, slug: string, workspaceNames: string[], licenses: { name: string; seatLimit: number; cap: number; weight: number }[]): Tenant {
    const createdAt = new Date(this.now - 1000 * DAY);
    const id = this.rng.uuid();
    this.plan.clientspaces.push({ id, name, slug, createdAt });
    const tenant: Tenant = { id, name, slug, workspaces: [], roles: new Map(), licenses: [] };
    for (const wsName of workspaceNames) {
      const ws = { id: this.rng.uuid(), name: wsName };
      tenant.workspaces.push(ws);
      this.plan.workspaces.push({ ...ws, clientspaceId: id, createdAt });
    }
    for (const role of BUILT_IN_ROLES) {
      const roleId = this.rng.uuid();
      tenant.roles.set(role.key, roleId);
      this.plan.roles.push({ id: roleId, clientspaceId: id, key: role.key, name: role.name, builtIn: true, permissions: [...role.permissions], createdAt });
    }
    for (const license of licenses) {
      const licenseId = this.rng.uuid();
      tenant.licenses.push({ ...license, id: licenseId, used: 0 });
      this.plan.licenseTypes.push({ id: licenseId, clientspaceId: id, name: license.name, seatLimit: license.seatLimit, createdAt });
    }
    return tenant;
  }

  username(firstName: string, lastName: string): string {
    const base = `${asciiName(firstName)}.${asciiName(lastName)}`;
    let candidate = base;
    for (let i = 2; this.usernames.has(candidate); i++) candidate = `${base}${i}`;
    this.usernames.add(candidate);
    return candidate;
  }

  randomName(): { firstName: string; lastName: string } {
    const pool = this.rng.pick(NAME_POOLS);
    return { firstName: this.rng.pick(pool.first), lastName: this.rng.pick(pool.last) };
  }

  license(tenant: Tenant, forced?: { name: string; state: LicenseState }): Pick<NewClientspaceMembership, "licenseTypeId" | "licenseStart" | "licenseEnd"> {
    const none = { licenseTypeId: null, licenseStart: null, licenseEnd: null };
    if (!forced && this.rng.chance(0.25)) return none;
    const pool = forced
      ? tenant.licenses.find((l) => l.name === forced.name)!
      : this.rng.weighted(tenant.licenses.map((l) => [l, l.weight] as const));
    // The cap stays below the seat limit so that the demo can still assign a few seats.
    if (pool.used >= pool.cap) return none;
    pool.used++;
    const state = forced?.state ?? this.rng.weighted([["active", 72], ["not_started", 10], ["expired", 18]] as const);
    const now = this.now;
    if (state === "active") {
      return { licenseTypeId: pool.id, licenseStart: isoDate(now - this.rng.int(1, 500) * DAY), licenseEnd: isoDate(now + this.rng.int(10, 400) * DAY) };
    }
    if (state === "not_started") {
      const start = now + this.rng.int(3, 60) * DAY;
      return { licenseTypeId: pool.id, licenseStart: isoDate(start), licenseEnd: isoDate(start + 365 * DAY) };
    }
    const end = now - this.rng.int(1, 200) * DAY;
    return { licenseTypeId: pool.id, licenseStart: isoDate(end - 365 * DAY), licenseEnd: isoDate(end) };
  }

  person(
    tenant: Tenant,
    input: {
      firstName: string;
      lastName: string;
      email?: string;
      status: SeedStatus;
      kind?: "internal" | "external";
      origin?: NewClientspaceMembership["origin"];
      isAdmin?: boolean;
      isAuditor?: boolean;
      license?: { name: string; state: LicenseState } | "none";
      workspaceRoles?: [string, BuiltInRoleKey][];
    },
  ): Person {
    const rng = this.rng;
    const kind = input.kind ?? (rng.chance(0.12) ? "external" : "internal");
    const username = this.username(input.firstName, input.lastName);
    const domain = kind === "external" ? rng.pick(PARTNER_DOMAINS) : `${tenant.slug}.test`;
    const email = input.email ?? `${username}@${domain}`;
    const t = timeline(rng, input.status, this.now);
    const invitedStatus = input.status === "invited" || input.status === "invited_expired";
    // SSO accounts never hold a password; invited ones get theirs when they accept.
    const sso = !invitedStatus && !input.email && rng.chance(0.05);
    const hasPassword = !invitedStatus && !sso;
    const accountId = rng.uuid();
    const lastChange = Math.max(t.createdAt.getTime(), t.lastConnectionAt?.getTime() ?? 0, t.lockedAt?.getTime() ?? 0);
    this.plan.accounts.push({
      id: accountId,
      // Created by this tenant: its home (SPEC section 2), stated rather than left to the trigger.
      homeClientspaceId: tenant.id,
      email,
      username,
      firstName: input.firstName,
      lastName: input.lastName,
      passwordHash: hasPassword ? this.passwordHash : null,
      passwordChangedAt: hasPassword ? t.joinedAt : null,
      failedSignInCount: t.failedSignInCount,
      lockedAt: t.lockedAt,
      firstConnectionAt: t.firstConnectionAt,
      lastConnectionAt: t.lastConnectionAt,
      sso,
      createdAt: t.createdAt,
      updatedAt: new Date(lastChange),
    });

    let title: string | null = null;
    let service: string | null = null;
    if (kind === "external") {
      title = rng.chance(0.8) ? rng.pick(EXTERNAL_TITLES) : null;
    } else if (rng.chance(0.92)) {
      service = rng.pick(Object.keys(SERVICE_TITLES));
      title = rng.pick(SERVICE_TITLES[service]);
    }
    const license = input.license === "none" ? { licenseTypeId: null, licenseStart: null, licenseEnd: null } : this.license(tenant, input.license);
    this.plan.memberships.push({
      clientspaceId: tenant.id,
      accountId,
      origin: input.origin ?? rng.weighted([["created", 60], ["imported", 30], ["invited", 7], ["api", 3]] as const),
      kind,
      isAdmin: input.isAdmin ?? false,
      isAuditor: input.isAuditor ?? false,
      title,
      service,
      phone: rng.chance(0.4) ? phone(rng) : null,
      ...license,
      disabled: input.status === "disabled",
      disabledAt: t.disabledAt,
      invitedAt: t.invitedAt,
      invitationExpiresAt: t.invitationExpiresAt,
      joinedAt: t.joinedAt,
      createdAt: t.createdAt,
      updatedAt: t.disabledAt ?? t.joinedAt ?? t.createdAt,
    });

    const workspaceRoles = new Map<string, BuiltInRoleKey>();
    const explicit = input.workspaceRoles?.map(([name, role]) => [tenant.workspaces.find((w) => w.name === name)!.id, role] as const);
    if (explicit) {
      for (const [wsId, role] of explicit) workspaceRoles.set(wsId, role);
    } else {
      const count = rng.weighted([[0, 8], [1, 55], [2, 27], [3, 10]] as const);
      for (const ws of rng.shuffle(tenant.workspaces).slice(0, count)) {
        workspaceRoles.set(ws.id, rng.weighted([["editor", 45], ["viewer", 38], ["no_access", 12], ["super_user", 5]] as const));
      }
    }
    for (const [workspaceId, role] of workspaceRoles) {
      this.plan.workspaceMemberships.push({ workspaceId, accountId, clientspaceId: tenant.id, roleId: tenant.roles.get(role)!, createdAt: t.createdAt });
    }
    return { accountId, firstName: input.firstName, lastName: input.lastName, status: input.status, kind, timeline: t, workspaceRoles };
  }

  /** Adds an existing account to a second clientspace, as an invitation accepted there. */
  share(tenant: Tenant, person: Person, workspaceRoles: [string, BuiltInRoleKey][]) {
    const rng = this.rng;
    const invited = person.timeline.firstConnectionAt!.getTime() + rng.between(5 * DAY, 60 * DAY);
    const joined = invited + rng.between(HOUR, 12 * HOUR);
    this.plan.memberships.push({
      clientspaceId: tenant.id,
      accountId: person.accountId,
      origin: "invited",
      kind: "external",
      title: rng.pick(EXTERNAL_TITLES),
      invitedAt: new Date(invited),
      invitationExpiresAt: new Date(invited + 24 * HOUR),
      joinedAt: new Date(joined),
      createdAt: new Date(invited),
      updatedAt: new Date(joined),
    });
    for (const [name, role] of workspaceRoles) {
      this.plan.workspaceMemberships.push({
        workspaceId: tenant.workspaces.find((w) => w.name === name)!.id,
        accountId: person.accountId,
        clientspaceId: tenant.id,
        roleId: tenant.roles.get(role)!,
        createdAt: new Date(invited),
      });
    }
  }

  /**
   * Objects modified by people who did connect, within their connection window; a few "power
   * users" per workspace do most edits so that the Statistics tab has five objects to show.
   */
  objects(tenant: Tenant, people: Person[], perWorkspace: Record<string, number>, pinned: { person: Person; workspace: string; count: number }[]) {
    const rng = this.rng;
    const add = (workspaceId: string, modifier: Person, responsible: Person) => {
      const first = modifier.timeline.firstConnectionAt!.getTime();
      const last = modifier.timeline.lastConnectionAt!.getTime();
      const subject = rng.pick(OBJECT_SUBJECTS);
      this.plan.objects.push({
        id: rng.uuid(),
        clientspaceId: tenant.id,
        workspaceId,
        name: rng.chance(0.6) ? `${subject} ${rng.pick(OBJECT_QUALIFIERS)}` : subject,
        kind: rng.weighted(OBJECT_KINDS),
        responsibleAccountId: responsible.accountId,
        modifiedByAccountId: modifier.accountId,
        modifiedAt: new Date(Math.round(Math.max(first, last - rng.between(0, 150 * DAY)))),
      });
    };
    for (const ws of tenant.workspaces) {
      const eligible = people.filter((p) => {
        const role = p.workspaceRoles.get(ws.id);
        return (role === "editor" || role === "super_user") && p.timeline.firstConnectionAt;
      });
      if (eligible.length === 0) continue;
      const power = rng.shuffle(eligible).slice(0, 8);
      for (let i = 0; i < (perWorkspace[ws.name] ?? 0); i++) {
        const modifier = rng.chance(0.6) ? rng.pick(power) : rng.pick(eligible);
        add(ws.id, modifier, rng.chance(0.7) ? modifier : rng.pick(eligible));
      }
    }
    for (const { person, workspace, count } of pinned) {
      const wsId = tenant.workspaces.find((w) => w.name === workspace)!.id;
      for (let i = 0; i < count; i++) add(wsId, person, person);
    }
  }
}

function buildPlan(now: number, passwordHash: string): Plan {
  const rng = new Random(20260101);
  const b = new Builder(rng, now, passwordHash);

  const acme = b.tenant("Acme", "acme", ["Sales", "Finance", "Research"], [
    { name: "Explorer", seatLimit: 200, cap: 185, weight: 75 },
    { name: "Steward", seatLimit: 50, cap: 46, weight: 20 },
    { name: "Admin", seatLimit: 10, cap: 8, weight: 5 },
  ]);
  const globex = b.tenant("Globex", "globex", ["Operations", "Logistics"], [
    { name: "Operator", seatLimit: 40, cap: 34, weight: 85 },
    { name: "Manager", seatLimit: 5, cap: 4, weight: 15 },
  ]);

  const [adminDemo, auditorDemo, superDemo, memberDemo] = DEMO_ACCOUNTS;
  const demo = (account: typeof adminDemo) => ({ firstName: account.firstName, lastName: account.lastName, email: account.email, status: "active" as const, kind: "internal" as const, origin: "created" as const });
  const admin = b.person(acme, { ...demo(adminDemo), isAdmin: true, license: { name: "Admin", state: "active" }, workspaceRoles: [["Sales", "editor"], ["Research", "editor"]] });
  b.person(acme, { ...demo(auditorDemo), isAuditor: true, license: "none", workspaceRoles: [["Finance", "viewer"]] });
  const superUser = b.person(acme, { ...demo(superDemo), license: { name: "Steward", state: "active" }, workspaceRoles: [["Sales", "super_user"]] });
  const member = b.person(acme, { ...demo(memberDemo), license: { name: "Explorer", state: "active" }, workspaceRoles: [["Sales", "editor"]] });
  const globexAdmin = b.person(globex, {
    firstName: "Hana",
    lastName: "Kobayashi",
    email: GLOBEX_ADMIN_EMAIL,
    status: "active",
    kind: "internal",
    origin: "created",
    isAdmin: true,
    license: { name: "Manager", state: "active" },
    workspaceRoles: [["Operations", "super_user"], ["Logistics", "editor"]],
  });

  const acmeStatuses: SeedStatus[] = Object.entries(ACME_STATUS_COUNTS).flatMap(([status, n]) => Array<SeedStatus>(n).fill(status as SeedStatus));
  while (acmeStatuses.length < ACME_USERS - DEMO_ACCOUNTS.length) acmeStatuses.push("active");
  const acmePeople = [admin, superUser, member];
  for (const status of rng.shuffle(acmeStatuses)) acmePeople.push(b.person(acme, { ...b.randomName(), status }));

  // A few more admins and an auditor, so that "never remove the last admin" has room to act.
  const regulars = acmePeople.filter((p) => p.status === "active" && p.kind === "internal" && p !== admin && p !== superUser && p !== member);
  for (const [i, flag] of [[0, "isAdmin"], [1, "isAdmin"], [2, "isAuditor"]] as const) {
    b.plan.memberships.find((m) => m.clientspaceId === acme.id && m.accountId === regulars[i].accountId)![flag] = true;
  }

  const globexPeople = [globexAdmin];
  const globexStatuses: SeedStatus[] = [
    ...Array<SeedStatus>(16).fill("active"),
    ...Array<SeedStatus>(3).fill("inactive"),
    "never_connected", "never_connected", "invited", "invited_expired", "disabled",
  ];
  for (const status of rng.shuffle(globexStatuses)) globexPeople.push(b.person(globex, { ...b.randomName(), status }));
  b.share(globex, regulars[3], [["Operations", "viewer"]]);
  b.share(globex, regulars[4], [["Operations", "editor"], ["Logistics", "viewer"]]);

  b.objects(acme, acmePeople, { Sales: 180, Finance: 140, Research: 160 }, [
    { person: member, workspace: "Sales", count: 6 },
    { person: superUser, workspace: "Sales", count: 5 },
    { person: admin, workspace: "Research", count: 2 },
  ]);
  b.objects(globex, globexPeople, { Operations: 30, Logistics: 25 }, []);
  return b.plan;
}

function chunks<T>(rows: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Fills an empty database with the demo clientspaces Acme and Globex (SPEC sections 1-3): every
 * user status, license state and role, and the four demo accounts of `demo-accounts.ts`.
 * Does nothing when Acme already exists.
 */
export async function seedDemo(db: Db): Promise<void> {
  const existing = await db.select({ id: clientspaces.id }).from(clientspaces).where(eq(clientspaces.slug, "acme"));
  if (existing.length > 0) return;
  // argon2 is slow on purpose: one hash serves every seeded account that has a password.
  const plan = buildPlan(Date.now(), await hashPassword(DEMO_PASSWORD));
  await db.transaction(async (tx) => {
    const [acme, ...others] = plan.clientspaces;
    // A concurrent seeder may have committed since the check: the slug decides who goes on.
    const inserted = await tx.insert(clientspaces).values(acme).onConflictDoNothing({ target: clientspaces.slug }).returning({ id: clientspaces.id });
    if (inserted.length === 0) return;
    await tx.insert(clientspaces).values(others);
    await tx.insert(workspaces).values(plan.workspaces);
    await tx.insert(roles).values(plan.roles);
    await tx.insert(licenseTypes).values(plan.licenseTypes);
    for (const rows of chunks(plan.accounts)) await tx.insert(accounts).values(rows);
    for (const rows of chunks(plan.memberships)) await tx.insert(clientspaceMemberships).values(rows);
    for (const rows of chunks(plan.workspaceMemberships)) await tx.insert(workspaceMemberships).values(rows);
    for (const rows of chunks(plan.objects)) await tx.insert(objects).values(rows);
  });
}
