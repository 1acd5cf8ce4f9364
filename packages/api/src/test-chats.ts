// Test-only: a few OpenWebUI chats with missions, shared by the chat and mission export tests.
// Ada and Bob are learners whose OpenWebUI users are linked to their accounts; "ow-nobody" is
// linked to no account and has a formula for a name, and a chat whose title is a formula.
import { type ChatMessageRow, replaceChatMessages, replaceDetections, type Store } from "@missionboard/db";
import { eq } from "drizzle-orm";
import { makeSessionUser, TEST_NOW } from "./test-helpers";

export const FORMULA = '=HYPERLINK("http://evil.test","click")';

const at = (minutes: number) => new Date(TEST_NOW.getTime() - 86_400_000 + minutes * 60_000);

export function testMessage(
  chatId: string,
  position: number,
  role: string,
  content: string,
  extra: Partial<ChatMessageRow> = {},
): ChatMessageRow {
  return {
    chatId,
    messageId: `${chatId}-m${position}`,
    parentId: position > 0 ? `${chatId}-m${position - 1}` : null,
    role,
    model: role === "assistant" ? "compass-model" : null,
    content,
    createdAtRemote: at(position),
    onActiveBranch: true,
    position,
    ...extra,
  };
}

export async function seedChats(store: Store) {
  const ada = await makeSessionUser(store, "student", { name: "Ada Lovelace", email: "ada@learners.test" });
  const bob = await makeSessionUser(store, "student", { name: "Bob Byte", email: "bob@learners.test" });
  return store.tx(async (conn) => {
    const { db, t } = conn;
    const [compass, signal] = await db
      .insert(t.missions)
      .values(
        [
          { key: "compass", name: "Broken Compass", week: 1, points: 20 },
          { key: "signal", name: "Silent Signal", week: 2, points: 30 },
        ].map((m) => ({
          ...m,
          difficulty: null,
          aliases: [m.key],
          markers: [],
          startTriggers: [],
          origin: "model" as const,
          updatedAt: TEST_NOW,
        })),
      )
      .returning();
    if (!compass || !signal) throw new Error("no missions");
    await db.insert(t.owuiUsers).values([
      {
        id: "ow-ada",
        name: "ada-ow",
        email: "ada@learners.test",
        source: "file",
        updatedAt: TEST_NOW,
        userId: ada.id,
        linkMethod: "email",
      },
      {
        id: "ow-bob",
        name: "bob-ow",
        email: "bob@learners.test",
        source: "file",
        updatedAt: TEST_NOW,
        userId: bob.id,
        linkMethod: "email",
      },
      { id: "ow-nobody", name: FORMULA, email: "nobody@learners.test", source: "file", updatedAt: TEST_NOW },
    ]);
    const chat = (id: string, owner: string, title: string, minutes: number, models: string[]) => ({
      id,
      owuiUserId: owner,
      title,
      models,
      createdAtRemote: at(0),
      updatedAtRemote: at(minutes),
      messageCount: 4,
      contentHash: id,
      ingestedAt: TEST_NOW,
    });
    await db
      .insert(t.chats)
      .values([
        chat("chat-ada", "ow-ada", "Compass run", 30, ["compass-model"]),
        chat("chat-bob", "ow-bob", "Signal chat", 20, ["signal-model"]),
        chat("chat-nobody", "ow-nobody", FORMULA, 10, ["gpt-4o"]),
      ]);
    await replaceChatMessages(
      conn,
      [],
      [
        testMessage("chat-ada", 0, "user", "Start the compass mission"),
        testMessage("chat-ada", 1, "assistant", "Briefing: find the magnetic anomaly."),
        testMessage("chat-ada", 2, "user", "I found the anomaly near the lighthouse."),
        // A regenerated reply off the active branch: never shown, never found.
        testMessage("chat-ada", 3, "assistant", "Draft reply about a zebra.", { onActiveBranch: false }),
        testMessage("chat-ada", 4, "assistant", "Mission accomplished, agent.", { parentId: "chat-ada-m2" }),
        testMessage("chat-bob", 0, "user", "Hello lighthouse keeper"),
        testMessage("chat-bob", 1, "assistant", "Briefing: listen to the silent signal.", { model: "signal-model" }),
        testMessage("chat-nobody", 0, "user", "What is the weather like?"),
        testMessage("chat-nobody", 1, "assistant", "Sunny.", { model: "gpt-4o" }),
      ],
    );
    const attempt = (chatId: string, missionId: string, owner: string, completed: boolean, minutes: number) => ({
      chatId,
      missionId,
      owuiUserId: owner,
      startedAt: at(minutes),
      lastMessageAt: at(minutes + 4),
      messageCount: 4,
      userMessageCount: 2,
      completed,
      detectorVersion: "test",
    });
    await replaceDetections(
      conn,
      [],
      [
        {
          ...attempt("chat-ada", compass.id, "ow-ada", true, 0),
          completion: {
            messageId: "chat-ada-m4",
            completedAt: at(4),
            marker: "mission accomplished",
            outcome: null,
            points: 20,
          },
        },
        { ...attempt("chat-bob", signal.id, "ow-bob", false, 0), completion: null },
      ],
    );
    await db.update(t.owuiUsers).set({ updatedAt: TEST_NOW }).where(eq(t.owuiUsers.id, "ow-nobody"));
    return { ada, bob, compass, signal };
  });
}
