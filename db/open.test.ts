import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openPglite } from "./open";

describe("embedded database folder lock", () => {
  it("refuses a folder another live process holds, and takes over a stale lock", async () => {
    const root = mkdtempSync(join(tmpdir(), "roster-lock-"));
    const dataDir = join(root, "pglite");
    // The parent process (vitest's main) is alive and is not us: it stands for `npm run dev`.
    writeFileSync(join(root, "pglite.lock"), String(process.ppid));
    await expect(openPglite(dataDir)).rejects.toThrow(/in use by process \d+/);

    writeFileSync(join(root, "pglite.lock"), "999999999");
    const handle = await openPglite(dataDir);
    expect(readFileSync(join(root, "pglite.lock"), "utf8")).toBe(String(process.pid));
    await handle.close();
  });
});
