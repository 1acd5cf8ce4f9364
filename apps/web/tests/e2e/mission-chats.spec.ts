// Chats and mission exports in the browser: a learner opens their own transcript and gets the 403
// page for another learner's; staff search All chats, open a transcript (the completing message
// labelled), and the audit log shows the opening; staff download the challenge results workbook.
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { readWorkbook } from "@missionboard/api/test-support";
import {
  type ChatMessageRow,
  findUserByEmail,
  loadMissionRows,
  replaceChatMessages,
  replaceDetections,
  type Store,
} from "@missionboard/db";
import { unlinkAccounts } from "@missionboard/db/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

const RILEY_CHAT = "chat-riley-quokka";
const ADA_CHAT = "chat-ada-private";

/** Riley's and Ada's OpenWebUI users, linked to their demo accounts, each with one chat. */
async function seedLinkedChats(store: Store): Promise<string> {
  return store.tx(async (conn) => {
    const { db, t } = conn;
    const now = new Date();
    const [mission] = await loadMissionRows(conn);
    if (!mission) throw new Error("the demo has no missions");
    const account = async (email: string) => {
      const row = await findUserByEmail(conn, email);
      if (!row) throw new Error(`no ${email}`);
      return row.id;
    };
    // The demo linked both accounts by email to OpenWebUI users of its export: these replace them.
    const riley = await account("student@demo.test");
    const ada = await account("ada@demo.test");
    await unlinkAccounts(conn, [riley, ada]);
    await db.insert(t.owuiUsers).values([
      {
        id: "ow-riley",
        name: "riley",
        email: "student@demo.test",
        source: "file",
        userId: riley,
        updatedAt: now,
      },
      { id: "ow-ada", name: "ada", email: "ada@demo.test", source: "file", userId: ada, updatedAt: now },
    ]);
    const at = (minutes: number) => new Date(now.getTime() - 3_600_000 + minutes * 60_000);
    await db.insert(t.chats).values(
      [
        [RILEY_CHAT, "ow-riley", "Riley's compass run"],
        [ADA_CHAT, "ow-ada", "Ada's private chat"],
      ].map(([id, owner, title]) => ({
        id: id as string,
        owuiUserId: owner as string,
        title: title as string,
        models: [mission.key],
        createdAtRemote: at(0),
        updatedAtRemote: now,
        messageCount: 3,
        contentHash: id as string,
        ingestedAt: now,
      })),
    );
    const message = (chatId: string, position: number, role: string, content: string): ChatMessageRow => ({
      chatId,
      messageId: `${chatId}-${position}`,
      parentId: position ? `${chatId}-${position - 1}` : null,
      role,
      model: role === "assistant" ? mission.key : null,
      content,
      createdAtRemote: at(position),
      onActiveBranch: true,
      position,
    });
    await replaceChatMessages(
      conn,
      [],
      [
        message(RILEY_CHAT, 0, "user", "A quokka stole the compass near the lighthouse."),
        message(RILEY_CHAT, 1, "assistant", "Briefing: find the compass."),
        message(RILEY_CHAT, 2, "assistant", "Mission accomplished, agent."),
        message(ADA_CHAT, 0, "user", "Something only Ada may read."),
      ],
    );
    await replaceDetections(
      conn,
      [],
      [
        {
          chatId: RILEY_CHAT,
          missionId: mission.id,
          owuiUserId: "ow-riley",
          startedAt: at(0),
          lastMessageAt: at(2),
          messageCount: 3,
          userMessageCount: 1,
          completed: true,
          detectorVersion: "e2e",
          completion: { messageId: `${RILEY_CHAT}-2`, completedAt: at(2), marker: "mission accomplished", outcome: null, points: 20 },
        },
      ],
    );
    return mission.name;
  });
}

describe("mission chats", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;
  let missionName = "";
  beforeAll(async () => {
    const databaseUrl = await seededDemoDatabase("mission-chats", {
      analytics: true,
      extra: async (store) => {
        missionName = await seedLinkedChats(store);
      },
    });
    app = await startAppServer("mission-chats", databaseUrl, {});
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("a learner opens their own chat, and gets the 403 page for another learner's", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    const own = await page.goto(`/missions/chats/${RILEY_CHAT}`);
    expect(own?.status()).toBe(200);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Riley's compass run");
    expect(await page.getByText("A quokka stole the compass").isVisible()).toBe(true);
    expect(await page.getByText(`Completed mission ${missionName}`).isVisible()).toBe(true);

    const other = await page.goto(`/missions/chats/${ADA_CHAT}`);
    expect(other?.status()).toBe(403);
    expect(await page.getByText("You can only open your own chats.").isVisible()).toBe(true);
    expect(await page.getByText("Something only Ada may read").count()).toBe(0);
    expect(await page.locator("header.topbar").count()).toBe(1);
  });

  it("staff search All chats, open a transcript with the completing message highlighted, and the audit log shows it", async () => {
    const staff = await browser.page(app?.baseUrl);
    await signIn(staff, "assistant@demo.test", DEMO_PASSWORD);
    await staff.goto("/staff/chats");
    await staff.getByLabel("Search messages").fill("quokka lighthouse");
    await staff.getByRole("button", { name: "Filter" }).click();
    await staff.waitForURL((url) => url.searchParams.get("q") === "quokka lighthouse");
    const row = staff.locator(`tr[data-chat-id="${RILEY_CHAT}"]`);
    await row.waitFor();
    // The address changes before the results render (Remix renders in a transition): wait for the unfiltered rows to go.
    await staff.locator("tbody tr").nth(1).waitFor({ state: "detached" });
    expect(await staff.locator("tbody tr").count()).toBe(1);
    expect(await row.locator("mark").allTextContents()).toEqual(["quokka", "lighthouse"]);
    expect(await row.getByText("Riley Student").isVisible()).toBe(true);

    await row.getByRole("link", { name: "Riley's compass run" }).click();
    await staff.waitForURL((url) => url.pathname === `/missions/chats/${RILEY_CHAT}`);
    const completing = staff.locator('li[data-completing="true"]');
    // The address changes before the page has rendered (Remix renders in a transition).
    await completing.waitFor();
    expect(await completing.count()).toBe(1);
    expect(await completing.getAttribute("id")).toBe(`message-${RILEY_CHAT}-2`);
    expect(await completing.getByText(`Completed mission ${missionName}`).isVisible()).toBe(true);
    expect(await completing.getByText("Mission accomplished, agent.").isVisible()).toBe(true);

    const admin = await browser.page(app?.baseUrl);
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    await admin.goto("/admin/audit?action=chat.viewed");
    const entries = admin.locator("tbody tr");
    await expect.poll(() => entries.count()).toBe(1);
    const entry = (await entries.first().textContent()) ?? "";
    expect(entry).toContain("chat.viewed");
    expect(entry).toContain("Sam Assistant");
    // The chat is named by its title and owner (as staff see them) and links to its transcript.
    const chat = entries.first().getByTestId("audit-entity").getByRole("link");
    expect(await chat.textContent()).toBe("chat “Riley's compass run” by Riley Student");
    expect(await chat.getAttribute("href")).toBe(`/missions/chats/${RILEY_CHAT}`);
    expect(await entries.first().locator("td.details").textContent()).toContain("OpenWebUI user Riley Student");
  });

  it("staff download challenge-results.xlsx: one sheet, the header, pseudonymised rows", async () => {
    const staff = await browser.page(app?.baseUrl);
    await signIn(staff, "assistant@demo.test", DEMO_PASSWORD);
    const response = await staff.request.get("/staff/missions/export/challenge-results.xlsx");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toMatch(/filename="missionboard-challenge-results-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const book = readWorkbook(await response.body());
    expect(book.sheetNames).toEqual(["Challenge results"]);
    const [header, ...rows] = book.rows("Challenge results");
    expect(header).toEqual(["Learner", "Mission", "Week", "Status", "Attempts", "Completed at (UTC)", "Points"]);
    const completed = rows.find((r) => r[1] === missionName && r[3] === "completed" && r[6] === 20);
    expect(completed?.[0]).toMatch(/^user-[0-9a-f]{12}$/);
    const text = JSON.stringify(rows);
    expect(text).not.toContain("@");
    expect(text).not.toContain("ow-riley");

    // Names and emails are an admin's call.
    expect((await staff.request.get("/staff/missions/export/challenge-results.xlsx?identified=1")).status()).toBe(403);
  });
});
