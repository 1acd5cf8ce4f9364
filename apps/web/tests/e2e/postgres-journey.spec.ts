// The built server on Postgres (the rest of the browser suite runs on SQLite): one journey through
// the pages, and /healthz once the database is gone. The database is a fresh one on the server named
// by TEST_DATABASE_URL (CI always sets it), or, without one, PGlite served over the Postgres wire
// protocol (see createSharedDatabase), so the suite passes on a machine with only Node.
// See docs/decisions/011-http-edge.md.
import { DEMO_PASSWORD, seedDemo } from "@missionboard/api/seed";
import { makeCatalogItem } from "@missionboard/db/factories";
import { createSharedDatabase, type SharedDatabase } from "@missionboard/db/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

describe("on Postgres", () => {
  const browser = useBrowser();
  let database: SharedDatabase | undefined;
  let app: AppServer | undefined;
  let item: { program: { id: string }; badge: { id: string; title: string } };

  beforeAll(async () => {
    database = await createSharedDatabase("postgres", "e2e");
    const store = database.open();
    try {
      await seedDemo(store);
      item = await store.tx(async (c) => {
        const program = await makeCatalogItem(c, { kind: "program", title: "Postgres journey" });
        const skill = await makeCatalogItem(c, { kind: "skill", title: "Prompting on Postgres", parent: program });
        const badge = await makeCatalogItem(c, { kind: "mini_badge", title: "First prompt on Postgres", parent: skill });
        return { program, badge };
      });
    } finally {
      await store.close();
    }
    app = await startAppServer("postgres", database.url, database.env);
  });

  afterAll(async () => {
    await app?.stop();
    await database?.dispose();
  });

  it("serves /healthz from Postgres", async () => {
    const res = await fetch(`${app?.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", db: { engine: "postgres", ok: true } });
  });

  it("a student requests a badge, an admin approves it, the student opens the notification and sees the badge", async () => {
    const student = await browser.page(app?.baseUrl);
    await signIn(student, "student@demo.test", DEMO_PASSWORD);
    await student.goto(`/student/request?item=${item.badge.id}`);
    await student.getByLabel("Note (optional)").fill("Tried it on Postgres");
    await student.getByRole("button", { name: "Submit request" }).click();
    await student.waitForURL((url) => url.pathname === "/student");
    await expect
      .poll(() => student.getByRole("list", { name: "Pending requests" }).getByText(item.badge.title, { exact: true }).isVisible())
      .toBe(true);

    const admin = await browser.page(app?.baseUrl);
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    await admin.goto(`/staff/queue?program=${item.program.id}`);
    await admin.getByRole("button", { name: new RegExp(`Approve ${item.badge.title}`) }).click();
    // The only mini-badge of its skill: the skill and the program are earned with it.
    await expect.poll(() => admin.getByText(`Approved “${item.badge.title}” — also earned`).isVisible()).toBe(true);

    await student.goto("/notifications");
    const newest = student.getByRole("list", { name: "Notifications, newest first" }).getByRole("listitem").first();
    await expect.poll(() => newest.getByText(item.badge.title).isVisible()).toBe(true);
    await newest.getByRole("button", { name: "Open" }).click();
    await student.waitForURL((url) => url.pathname !== "/notifications");
    await student.goto("/student");
    await expect
      .poll(() => student.getByRole("list", { name: "Earned badges" }).getByText(item.badge.title, { exact: true }).isVisible())
      .toBe(true);
  });

  // Last: it removes the database under the running server.
  it("answers /healthz with 503 once the database cannot be reached", async () => {
    await database?.dispose();
    const res = await fetch(`${app?.baseUrl}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "unavailable", db: { ok: false } });
  });
});
