// The synthetic export generator (scripts/gen-openwebui) that the benchmark, the demo and these
// tests rely on: deterministic, and its chats fall where it says.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateOpenWebUiExport } from "../../../../../scripts/gen-openwebui/generate";

const out = () => mkdtempSync(path.join(tmpdir(), "gen-openwebui-"));
const chatsOf = (file: string) => JSON.parse(readFileSync(file, "utf8")) as { created_at: number; updated_at: number }[];
const seconds = (t: number) => (t > 1e12 ? t / 1000 : t); // some chat rows carry milliseconds

describe("generateOpenWebUiExport", () => {
  it("writes the same bytes for the same options, and other bytes for another seed", async () => {
    const options = { chats: 40, users: 5, seed: 3, faults: true };
    const a = await generateOpenWebUiExport({ out: out(), ...options });
    const b = await generateOpenWebUiExport({ out: out(), ...options });
    const c = await generateOpenWebUiExport({ out: out(), ...options, seed: 4 });
    for (const key of ["chats", "models", "usersJson", "usersCsv"] as const)
      expect(readFileSync(a.files[key] as string)).toEqual(readFileSync(b.files[key] as string));
    expect(readFileSync(a.files.chats)).not.toEqual(readFileSync(c.files.chats));
    // A user and a model without an id, two bad CSV rows, eight broken chats and a duplicate.
    expect(a).toMatchObject({ chats: 40, users: 5, faults: 13 });
    expect(a.missionModels).toBeGreaterThan(0);
  });

  it("dates the chats in the ten weeks from `start`", async () => {
    const start = new Date(Date.UTC(2026, 8, 14));
    const stats = await generateOpenWebUiExport({ out: out(), chats: 60, users: 6, seed: 2, start });
    const from = start.getTime() / 1000;
    const created = chatsOf(stats.files.chats).map((c) => seconds(c.created_at));
    expect(Math.min(...created)).toBeGreaterThanOrEqual(from);
    expect(Math.max(...created)).toBeLessThan(from + 70 * 86_400);
  });
});
