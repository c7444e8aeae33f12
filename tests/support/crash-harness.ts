import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { openPglite, type DatabaseHandle } from "../../db/open";
import type { Db } from "../../db/types";
import { createTestDatabase } from "./db";
import { testDatabaseUrl } from "./urls";

/**
 * A database that other processes open too (tests/support/import-runner-process.ts): a copy of
 * the template on PostgreSQL, else a PGlite folder on disk. PGlite is one process at a time, so
 * there the test opens the folder only between the children's runs (`use`).
 */
export type SharedDatabase = {
  /** What a child process needs to open it, as the server does. */
  env: Record<string, string>;
  use: <T>(fn: (db: Db) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};

export async function sharedDatabase(): Promise<SharedDatabase> {
  if (testDatabaseUrl()) {
    const h = await createTestDatabase();
    return { env: { DATABASE_URL: h.url! }, use: (fn) => fn(h.db), close: () => h.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), "roster-crash-"));
  const dataDir = join(dir, "pglite");
  const first = await openPglite(dataDir, { loadDataDir: new Blob([readFileSync(inject("pgliteSnapshot"))]) });
  await first.close();
  return {
    env: { ROSTER_DATA_DIR: dataDir },
    use: async (fn) => {
      const h: DatabaseHandle = await openPglite(dataDir);
      try {
        return await fn(h.db);
      } finally {
        await h.close();
      }
    },
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const RUNNER = join(ROOT, "tests/support/import-runner-process.ts");

export type RunnerProcess = {
  /** Resolves once the child printed this line; rejects if it ends first. */
  waitForLine: (line: string) => Promise<void>;
  /** SIGKILL: no handler, no flush, no goodbye. Resolves once the process is gone. */
  kill: () => Promise<void>;
  /** Resolves with its output once it exited by itself with code 0; rejects otherwise. */
  done: () => Promise<string>;
};

const live = new Set<ReturnType<typeof spawn>>();

/** For afterEach: a test that failed midway leaves no runner behind. */
export function stopRunners() {
  for (const child of live) child.kill("SIGKILL");
}

/** The runner script in a new node process, with the database of `env` only. */
export function spawnRunner(args: string[], env: Record<string, string>): RunnerProcess {
  const base = { ...process.env };
  for (const key of ["DATABASE_URL", "TEST_DATABASE_URL", "ROSTER_DATA_DIR", "RESEND_API_KEY"]) delete base[key];
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", RUNNER, ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  live.add(child);
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((settle) =>
    child.on("close", (code, signal) => {
      live.delete(child);
      settle({ code, signal });
    }),
  );
  const report = (what: string) => `${what}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const printed = (line: string) => stdout.split("\n").includes(line);

  return {
    waitForLine: (line) =>
      new Promise<void>((settle, fail) => {
        const check = () => {
          if (!printed(line)) return;
          child.stdout.off("data", check);
          settle();
        };
        child.stdout.on("data", check);
        check();
        void closed.then(({ code, signal }) => {
          if (!printed(line)) fail(new Error(report(`The runner ended (code ${code}, signal ${signal}) before printing "${line}".`)));
        });
      }),
    kill: async () => {
      child.kill("SIGKILL");
      const { signal } = await closed;
      if (signal !== "SIGKILL") throw new Error(report(`The runner ended by itself before the kill (signal ${signal}).`));
    },
    done: async () => {
      const { code, signal } = await closed;
      if (code !== 0) throw new Error(report(`The runner failed (code ${code}, signal ${signal}).`));
      return stdout;
    },
  };
}
