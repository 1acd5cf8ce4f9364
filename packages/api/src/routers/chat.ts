import {
  buildAuditEntry,
  CHAT_COUNT_CAP,
  CHAT_KINDS,
  CHAT_PAGE_SIZE,
  CHAT_PAGES_MAX,
  can,
  ForbiddenError,
  TRANSCRIPT_MESSAGES_MAX,
} from "@missionboard/core";
import {
  activeBranchMessages,
  type ChatMissionRow,
  chatMissions,
  chatSummaries,
  findChatWithOwner,
  insertAuditEntry,
  loadMissionRows,
  matchingChatIds,
  searchTerms,
  snippetsFor,
} from "@missionboard/db";
import { z } from "zod";
import { cachedDashboard } from "../services/dashboard-cache";
import { staffName } from "../services/learner-names";
import { authedProcedure, permissionProcedure, router } from "../trpc";

export const CHAT_MESSAGES = {
  /** The same words for someone else's chat and for a chat that does not exist, so ids cannot be probed. */
  forbidden: "You can only open your own chats.",
} as const;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const ChatIdInputSchema = z.object({ chatId: z.string().trim().min(1, "Which chat?").max(200, "Unknown chat.") });

/** All chats' filters, as the page's query string carries them (q, kind, mission, owner, page). */
export const ChatListInputSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200, "Use at most 200 characters.").optional()),
  kind: z.preprocess(blankToUndefined, z.enum(CHAT_KINDS, "Choose mission, regular or completed chats.").optional()),
  mission: z.preprocess(blankToUndefined, z.uuid("Unknown mission.").optional()),
  owner: z.preprocess(blankToUndefined, z.string().trim().max(200, "Unknown OpenWebUI user.").optional()),
  page: z.number().int().min(1).max(CHAT_PAGES_MAX, `Pages stop at ${CHAT_PAGES_MAX}; narrow the search instead.`).default(1),
});
export type ChatListInput = z.infer<typeof ChatListInputSchema>;

const missionView = (m: ChatMissionRow) => ({
  missionId: m.missionId,
  name: m.missionName,
  week: m.week,
  completed: m.completed,
  completingMessageId: m.completingMessageId,
  completedAt: m.completedAt,
});

/** Chats: the transcript view (a learner's own, any for staff, audited) and All chats for staff. */
export const chatRouter = router({
  /**
   * One chat's active branch in order, its missions and which message completed which. A learner
   * opens only chats of the OpenWebUI user linked to their account; anything else, including a chat
   * that does not exist, is the same FORBIDDEN. Staff (chats.read) open any chat; an opening of
   * someone else's chat is audited (chat.viewed) before the text is read.
   */
  transcript: authedProcedure.input(ChatIdInputSchema).query(async ({ ctx, input }) => {
    const user = ctx.user;
    const staff = can(user.role, "chats.read");
    const chat = await ctx.db.read((c) => findChatWithOwner(c, input.chatId));
    const own = chat?.owner?.accountId === user.id;
    if (!chat || (!own && !staff)) throw new ForbiddenError(CHAT_MESSAGES.forbidden);
    const audited = !own;
    if (audited) {
      await ctx.db.tx((c) =>
        insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: user.id,
              action: "chat.viewed",
              entityType: "chat",
              entityId: chat.id,
              metadata: { owner: chat.owner?.owuiUserId ?? null },
              requestId: ctx.requestId,
            },
            ctx.now(),
          ),
        ),
      );
    }
    const { messages, missions } = await ctx.db.read(async (c) => ({
      // One more than shown tells whether the transcript was cut.
      messages: await activeBranchMessages(c, chat.id, TRANSCRIPT_MESSAGES_MAX + 1),
      missions: await chatMissions(c, [chat.id]),
    }));
    const completes = new Map<string, { missionId: string; name: string }[]>();
    for (const m of missions) {
      if (!m.completingMessageId) continue;
      completes.set(m.completingMessageId, [
        ...(completes.get(m.completingMessageId) ?? []),
        { missionId: m.missionId, name: m.missionName },
      ]);
    }
    return {
      chat: {
        id: chat.id,
        title: chat.title,
        models: chat.models,
        createdAt: chat.createdAt,
        updatedAt: chat.updatedAt,
        messageCount: chat.messageCount,
      },
      owner: chat.owner ? { owuiUserId: chat.owner.owuiUserId, name: staffName(chat.owner) } : null,
      own,
      audited,
      missions: missions.map(missionView),
      messages: messages.slice(0, TRANSCRIPT_MESSAGES_MAX).map((m) => ({ ...m, completes: completes.get(m.messageId) ?? [] })),
      truncated: messages.length > TRANSCRIPT_MESSAGES_MAX,
      limit: TRANSCRIPT_MESSAGES_MAX,
    };
  }),

  /**
   * All chats, newest first, 25 a page: full-text search over the active branch's message text,
   * mission / regular / completed, one mission, one owner. The total is counted up to the last
   * reachable page (CHAT_COUNT_CAP); `more` says there are more than that.
   */
  list: permissionProcedure("chats.read")
    .input(ChatListInputSchema)
    .query(async ({ ctx, input }) => {
      const filters = { q: input.q, kind: input.kind, missionId: input.mission, owner: input.owner };
      // A search reads every matching message; paging and repeated searches are served from the
      // dashboards' cache until the next write to chats (docs/decisions/024-worker-processes.md).
      return cachedDashboard(ctx.db, `chat.list:${JSON.stringify(input)}`, async (c) => {
        const matching = await matchingChatIds(c, filters, CHAT_COUNT_CAP + 1);
        const counted = matching.length;
        const offset = (input.page - 1) * CHAT_PAGE_SIZE;
        const rows = await chatSummaries(c, matching.slice(offset, offset + CHAT_PAGE_SIZE));
        const ids = rows.map((r) => r.id);
        const missions = await chatMissions(c, ids);
        const snippets = input.q ? await snippetsFor(c, input.q, ids) : new Map<string, string>();
        const total = Math.min(counted, CHAT_COUNT_CAP);
        return {
          items: rows.map((r) => {
            const own = missions.filter((m) => m.chatId === r.id);
            return {
              id: r.id,
              title: r.title,
              ownerId: r.owner?.owuiUserId ?? null,
              ownerName: staffName(r.owner),
              models: r.models,
              missions: own.map(missionView),
              completed: own.some((m) => m.completed),
              updatedAt: r.updatedAt,
              messageCount: r.messageCount,
              snippet: snippets.get(r.id) ?? null,
            };
          }),
          total,
          more: counted > CHAT_COUNT_CAP,
          page: input.page,
          pageSize: CHAT_PAGE_SIZE,
          pageCount: Math.max(1, Math.ceil(total / CHAT_PAGE_SIZE)),
          /** The words searched for (as the index reads them), for highlighting them in snippets. */
          terms: input.q ? searchTerms(input.q) : [],
          /** The mission filter's choices (the registry is small: one row per mission). */
          missionOptions: (await loadMissionRows(c)).map((m) => ({ id: m.id, name: m.name, week: m.week })),
        };
      });
    }),
});
