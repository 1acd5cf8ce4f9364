import { hashPassword } from "@missionboard/api";
import { insertUser } from "@missionboard/db";
import { createTestStore } from "@missionboard/db/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeError, log, logError, scrubLogText } from "./log.server";

const EMAIL = "leaky.person@example.com";

/** A real failed-query error from Postgres: drizzle's message carries every parameter of the insert. */
async function duplicateUserError() {
  const store = await createTestStore("postgres");
  const passwordHash = await hashPassword("a very secret password");
  const now = new Date();
  await store.tx((c) => insertUser(c, { email: EMAIL, name: "Leaky Person", passwordHash, now }));
  const error = await store.tx((c) => insertUser(c, { email: EMAIL, name: "Leaky Person", passwordHash, now })).catch((e: unknown) => e);
  await store.dispose();
  return { error, passwordHash };
}

function captured(stream: "stdout" | "stderr") {
  const lines: string[] = [];
  vi.spyOn(process[stream], "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe("the error log", () => {
  it("keeps a failed query's SQL and cause but none of its parameters", async () => {
    const { error, passwordHash } = await duplicateUserError();
    // The raw error really does carry them (this is what used to reach the log).
    expect(String((error as Error).message)).toContain(EMAIL);
    expect(String((error as Error).stack)).toContain(passwordHash);

    const lines = captured("stderr");
    logError(error, { requestId: "r-1" });
    const line = lines.join("");
    expect(line).not.toContain(EMAIL);
    expect(line).not.toContain(passwordHash);
    expect(line).not.toContain("argon2");
    const entry = JSON.parse(line);
    expect(entry).toMatchObject({ level: "error", requestId: "r-1" });
    expect(entry.message).toMatch(/^Failed query: insert into "users"/);
    expect(entry.message).toMatch(/params: \[not logged\]$/);
    expect(entry.cause).toMatchObject({ code: "23505" });
    expect(entry.stack).toMatch(/\n\s+at /);
  });

  it("never copies an error's other properties (a driver's detail, drizzle's params)", () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "users_email_uq"'), {
      code: "23505",
      detail: `Key (email)=(${EMAIL}) already exists.`,
      parameters: [EMAIL],
    });
    const wrapped = Object.assign(new Error(`Failed query: insert into "users" ("email") values ($1)\nparams: ${EMAIL}`), {
      query: 'insert into "users" ("email") values ($1)',
      params: [EMAIL],
      cause: error,
    });
    const described = describeError(wrapped);
    expect(JSON.stringify(described)).not.toContain(EMAIL);
    expect(described.cause).toMatchObject({ code: "23505", message: 'duplicate key value violates unique constraint "users_email_uq"' });
  });

  it("scrubs emails and password hashes from messages and from plain log lines", () => {
    expect(scrubLogText(`SMTP 550 ${EMAIL}: mailbox unavailable`)).toBe("SMTP 550 [email]: mailbox unavailable");
    expect(scrubLogText("hash $argon2id$v=19$m=19456,t=2,p=1$abc$def leaked")).toBe("hash [password hash] leaked");
    const lines = captured("stdout");
    log({ msg: "scheduled reload failed", error: `Failed query: update "owui_users"\nparams: ${EMAIL},Leaky Person` });
    expect(lines.join("")).not.toContain(EMAIL);
    expect(lines.join("")).not.toContain("Leaky Person");
  });
});
