import { describe, expect, it } from "vitest";
import {
  contentText,
  modelRefsOf,
  normaliseChatList,
  normaliseChatRecord,
  normaliseModelList,
  normaliseModelRecord,
  normaliseTimestamp,
  normaliseUserList,
  normaliseUserRecord,
  parseDifficulty,
  parsePoints,
  parseWeek,
  tagNamesOf,
} from "./openwebui";

const ISO = "2025-10-09T13:48:11.000Z"; // 1760017691 s

describe("normaliseTimestamp: seconds vs milliseconds", () => {
  it.each([
    [1760017691, ISO],
    [1760017691000, ISO],
    [1760017691000000, ISO], // microseconds
    [1760017691000000000, ISO], // nanoseconds
    ["1760017691", ISO],
    [" 1760017691000 ", ISO],
    ["2025-10-09T13:48:11Z", ISO],
    ["2025-10-09T15:48:11+02:00", ISO],
    [1760017691.5, "2025-10-09T13:48:11.500Z"],
    [99_999_999_999, "5138-11-16T09:46:39.000Z"], // largest value read as seconds
    [100_000_000_000, "1973-03-03T09:46:40.000Z"], // smallest value read as milliseconds
    [0, null],
    [-5, null],
    [Number.NaN, null],
    ["yesterday", null],
    ["", null],
    [null, null],
    [undefined, null],
    [true, null],
  ])("%j → %s", (input, expected) => expect(normaliseTimestamp(input)?.toISOString() ?? null).toBe(expected));
});

describe("small parsers", () => {
  it.each([
    ["1", 1],
    ["Week 3", 3],
    [4, 4],
    ["", null],
    ["soon", null],
    [0, null],
  ])("parseWeek(%j) → %j", (v, e) => expect(parseWeek(v)).toBe(e));
  it.each([
    ["20", 20],
    [" 15 ", 15],
    ["20.0", 20],
    [0, 0],
    ["abc", null],
    ["-5", null],
    [2.5, null],
  ])("parsePoints(%j) → %j", (v, e) => expect(parsePoints(v)).toBe(e));
  it.each([
    ["medium", "Medium"],
    ["HARD", "Hard"],
    ["Mission: Intel Guardian (Medium Difficulty)", "Medium"],
    ["very easy", "Very Easy"],
    ["Very  Easy", "Very Easy"],
    ["Impossible", "Impossible"],
    ["Hardware lab", null],
    ["Advanced", null],
    [undefined, null],
  ])("parseDifficulty(%j) → %j", (v, e) => expect(parseDifficulty(v)).toBe(e));
  it("contentText joins text blocks", () => {
    expect(contentText([{ type: "text", text: "a" }, { type: "image_url" }, "b"])).toBe("a\nb");
    expect(contentText(null)).toBe("");
  });
  it("modelRefsOf accepts strings, objects and lists, deduplicated ignoring case", () => {
    expect(modelRefsOf(["gpt-4", { id: "week-2-x", name: "Week 2 - X" }, "GPT-4", { info: { id: "inner" } }])).toEqual([
      "gpt-4",
      "week-2-x",
      "Week 2 - X",
      "inner",
    ]);
    expect(modelRefsOf("  solo  ")).toEqual(["solo"]);
  });
});

describe("normaliseChatRecord", () => {
  const tree = {
    id: "c1",
    user_id: "u1",
    title: "T",
    created_at: 1760017691,
    updated_at: 1760017691000, // milliseconds on purpose
    chat: {
      models: ["m1"],
      history: {
        currentId: "a1",
        messages: {
          u1: { id: "u1", parentId: null, role: "user", content: "hi", timestamp: 1760017691 },
          a1: {
            id: "a1",
            parentId: "u1",
            role: "assistant",
            content: [{ type: "text", text: "hello" }],
            model: "m1",
            timestamp: "1760017700",
          },
        },
      },
      messages: [{ id: "u1", role: "user", content: "hi" }],
    },
  };

  it("reads the newer tree shape", () => {
    const { chat, problems } = normaliseChatRecord(tree);
    expect(problems).toEqual([]);
    expect(chat).toMatchObject({ id: "c1", userId: "u1", title: "T", models: ["m1"], archived: false });
    expect(chat?.createdAt?.toISOString()).toBe(ISO);
    expect(chat?.updatedAt?.toISOString()).toBe(ISO);
    expect(chat?.tree?.currentId).toBe("a1");
    expect(chat?.tree?.messages.get("a1")).toMatchObject({ role: "assistant", content: "hello", modelRefs: ["m1"], parentId: "u1" });
    expect(chat?.tree?.messages.get("a1")?.timestamp?.toISOString()).toBe("2025-10-09T13:48:20.000Z");
    expect(chat?.flat.map((m) => m.id)).toEqual(["u1"]);
  });

  it("reads the older flat shape (no history), with synthetic ids for id-less messages", () => {
    const { chat, problems } = normaliseChatRecord({
      id: "c2",
      user_id: "u1",
      chat: {
        models: "m1",
        messages: [
          { role: "user", content: "x" },
          { role: "assistant", model_id: "m1", content: "y" },
        ],
      },
    });
    expect(problems).toEqual([]);
    expect(chat?.tree).toBeNull();
    expect(chat?.models).toEqual(["m1"]);
    expect(chat?.flat.map((m) => [m.id, m.role, m.modelRefs])).toEqual([
      ["#0", "user", []],
      ["#1", "assistant", ["m1"]],
    ]);
  });

  it("accepts a bare chat blob and the chat.id / chat_id fallbacks", () => {
    expect(normaliseChatRecord({ id: "b", messages: [] }).chat?.id).toBe("b");
    expect(normaliseChatRecord({ user_id: "u", chat: { id: "inner", messages: [] } }).chat?.id).toBe("inner");
    expect(normaliseChatRecord({ chat_id: "cid", user_id: "u", chat: { messages: [] } }).chat?.id).toBe("cid");
  });

  it.each([
    [{ user_id: "u", chat: { messages: [] } }, 3, "chat #3: missing id", true],
    ["not an object", 0, "chat #0: not a chat record", true],
    [{ id: "c", chat: { messages: "nope" } }, 0, "chat c: not a chat record", true],
    [{ id: "c", chat: { messages: [{ role: "user", content: "x" }] } }, 0, "chat c: missing user_id", false],
    [{ id: "c", user_id: "u", chat: {} }, 0, "chat c: no messages", false],
    [{ id: "c", user_id: "u", chat: { messages: [{ role: 7 }] } }, 0, "chat c: message #0: role", false],
    [
      { id: "c", user_id: "u", chat: { history: { currentId: "k", messages: { k: { id: "other", role: "user", content: "x" } } } } },
      0,
      'chat c: message k: its id "other" differs from its key',
      false,
    ],
  ])("problem %#: %s", (raw, index, message, skipped) => {
    const { chat, problems } = normaliseChatRecord(raw, index);
    expect(problems.map((p) => p.message).join(" | ")).toContain(message);
    expect(chat === null).toBe(skipped);
  });

  it("normaliseChatList skips bad and duplicate records and says why", () => {
    const { chats, problems } = normaliseChatList([tree, { user_id: "x" }, tree]);
    expect(chats.map((c) => c.id)).toEqual(["c1"]);
    expect(problems.map((p) => p.message)).toEqual(["chat #1: missing id", "chat c1: duplicate id; the first record is kept"]);
    expect(normaliseChatList({ data: [tree] }).chats).toHaveLength(1);
    expect(normaliseChatList(42).problems[0]?.message).toContain("not a list");
  });
});

describe("normaliseModelRecord: tags", () => {
  it.each([
    ["top-level {name}", { id: "m", tags: [{ name: "Missions" }] }, true],
    ["top-level string", { id: "m", tags: ["missions"] }, true],
    ["meta.tags", { id: "m", meta: { tags: [{ name: " MISSIONS " }] } }, true],
    ["info.meta.tags", { id: "m", info: { meta: { tags: [{ name: "Missions" }] } } }, true],
    ["single string", { id: "m", tags: "Missions" }, true],
    ["other tags only", { id: "m", tags: [{ name: "Mission" }, "challenges"] }, false],
    ["name says mission but no tag", { id: "mission-planner", name: "Mission Planner Challenge" }, false],
    ["empty", { id: "m", tags: [] }, false],
  ])("%s → %s", (_, raw, isMission) => expect(normaliseModelRecord(raw).model?.isMission).toBe(isMission));

  it("tagNamesOf handles the shapes", () => {
    expect(tagNamesOf([{ name: "a" }, "b", { tag: "c" }, { label: "d" }, 5, null])).toEqual(["a", "b", "c", "d", "5"]);
  });
});

describe("normaliseModelRecord: metadata and ids", () => {
  it("reads a workspace export (custom params as strings)", () => {
    const { model, problems } = normaliseModelRecord({
      id: "maip---week-1---challenge-1",
      name: "Mission: Intel Guardian (Medium Difficulty)",
      params: { system: "…", custom_params: { maip_points_value: "20", maip_difficulty_level: "Medium", maip_week: "1" } },
      meta: { tags: [{ name: "Missions" }] },
    });
    expect(problems).toEqual([]);
    expect(model).toMatchObject({
      id: "maip---week-1---challenge-1",
      name: "Mission: Intel Guardian (Medium Difficulty)",
      aliases: ["maip---week-1---challenge-1", "Mission: Intel Guardian (Medium Difficulty)"],
      week: 1,
      weekSource: "params",
      points: 20,
      pointsSource: "params",
      difficulty: "Medium",
      difficultySource: "params",
    });
  });

  it.each([
    // [case, custom_params, name, expected {week, points, difficulty} with sources]
    [
      "maip_points instead of maip_points_value",
      { maip_points: "20", maip_week: "4", maip_difficulty_level: "medium" },
      "X",
      [4, "params", 20, "params", "Medium", "params"],
    ],
    ["difficulty only → points from table", { maip_difficulty_level: "hard" }, "X", [null, null, 25, "difficulty", "Hard", "params"]],
    ["nothing → from the name", {}, "Week 2 - Seeds of Bias (Hard)", [2, "name", 25, "difficulty", "Hard", "name"]],
    ["very easy in name", {}, "Week 7 - Warmup (Very Easy)", [7, "name", 10, "difficulty", "Very Easy", "name"]],
    ["explicit 0 points kept", { maip_points_value: "0" }, "X (Hard)", [null, null, 0, "params", "Hard", "name"]],
    ["week as 'Week 3' string", { maip_week: "Week 3" }, "X", [3, "params", null, null, null, null]],
    ["numbers instead of strings", { maip_week: 5, maip_points_value: 20 }, "X", [5, "params", 20, "params", null, null]],
  ])("%s", (_, custom, name, [week, weekSource, points, pointsSource, difficulty, difficultySource]) => {
    const { model } = normaliseModelRecord({ id: "m", name, params: { custom_params: custom } });
    expect(model).toMatchObject({ week, weekSource, points, pointsSource, difficulty, difficultySource });
  });

  it("reads params under info, directly in params, and at the top level", () => {
    expect(normaliseModelRecord({ id: "m", info: { params: { custom_params: { maip_week: "6" } } } }).model?.week).toBe(6);
    expect(normaliseModelRecord({ id: "m", params: { maip_week: "7" } }).model?.week).toBe(7);
    expect(normaliseModelRecord({ id: "m", maip_week: "8", maip_points: "20" }).model).toMatchObject({ week: 8, points: 20 });
  });

  it("warns about unparseable values and falls back", () => {
    const { model, problems } = normaliseModelRecord({
      id: "m",
      name: "Week 9 - X (Easy)",
      params: { custom_params: { maip_week: "soon", maip_points_value: "lots", maip_difficulty_level: "Advanced" } },
    });
    expect(model).toMatchObject({ week: 9, weekSource: "name", difficulty: "Easy", points: 15, pointsSource: "difficulty" });
    expect(problems.map((p) => [p.severity, p.message])).toEqual([
      ["warning", 'model m: maip_week "soon" is not a week number'],
      ["warning", 'model m: maip_difficulty_level "Advanced" is not a known difficulty'],
      ["warning", 'model m: maip_points_value "lots" is not a whole number of points'],
    ]);
  });

  it("reads completion markers and the first-reply flag from custom params", () => {
    const { model } = normaliseModelRecord({
      id: "m",
      params: { custom_params: { maip_completion_markers: '["CODE-1", "/flag\\\\{x\\\\}/"]', maip_first_reply_counts: "true" } },
    });
    expect(model?.completionMarkers).toEqual(["CODE-1", "/flag\\{x\\}/"]);
    expect(model?.briefingReplyCounts).toBe(true);
    expect(
      normaliseModelRecord({ id: "m", params: { custom_params: { maip_completion_markers: "A\nB" } } }).model?.completionMarkers,
    ).toEqual(["A", "B"]);
  });

  it("uses the {model_id, raw} wrapper id as an alias, and the primary-id order", () => {
    const { model } = normaliseModelRecord({ model_id: "prod-id", raw: { id: "raw-id", slug: "the-slug", name: "N" } });
    expect(model?.id).toBe("the-slug");
    expect(model?.aliases).toEqual(["prod-id", "the-slug", "raw-id", "N"]);
    expect(normaliseModelRecord({ name: "x" }, 4).problems[0]?.message).toBe("model #4: missing id");
  });

  it("normaliseModelList accepts {data}, {models}, {items}, a list or a dict of dicts", () => {
    const m = { id: "a", tags: ["Missions"] };
    for (const shape of [{ data: [m] }, { models: [m] }, { items: [m] }, [m]])
      expect(normaliseModelList(shape).models.map((x) => x.id)).toEqual(["a"]);
    expect(normaliseModelList({ a: { name: "A" }, b: { name: "B" } }).models.map((x) => x.id)).toEqual(["a", "b"]);
    expect(normaliseModelList("x").problems[0]?.message).toContain("not a list");
  });
});

describe("users", () => {
  it.each([
    [{ id: "abcdef123456", name: " Ann ", email: "a@x.com", role: "User" }, "Ann", "user"],
    [{ id: "abcdef123456", name: "", email: "arnold@x.com" }, "arnold", null],
    [{ id: "abcdef123456" }, "abcdef12", null],
  ])("display name of %j → %s", (raw, displayName, role) => {
    expect(normaliseUserRecord(raw).user).toMatchObject({ displayName, role });
  });

  it("accepts a list, {users} or {data}, skipping id-less and duplicate users", () => {
    const { users, problems } = normaliseUserList({ users: [{ id: "a" }, { name: "no id" }, { id: "a" }] });
    expect(users.map((u) => u.id)).toEqual(["a"]);
    expect(problems.map((p) => p.message)).toEqual(["user #1: missing id", "user a: duplicate id; the first record is kept"]);
    expect(normaliseUserList({ data: [{ id: "b" }] }).users).toHaveLength(1);
  });
});
