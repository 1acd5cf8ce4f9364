import { describe, expect, it } from "vitest";
import { activeBranch } from "./branch";
import { type NormalisedChat, normaliseChatRecord } from "./openwebui";

type Row = [id: string, parentId: string | null, role: string, ts?: number];

/** A chat whose history holds `rows`, with `currentId`; `flat` lists ids for the legacy list. */
function chat(rows: Row[], currentId: string | null, flat: string[] = []): NormalisedChat {
  const messages = Object.fromEntries(
    rows.map(([id, parentId, role, ts]) => [id, { id, parentId, role, content: id, timestamp: ts ?? 1760017691 }]),
  );
  const res = normaliseChatRecord({
    id: "c",
    user_id: "u",
    chat: {
      history: rows.length ? { currentId, messages } : undefined,
      messages: flat.map((id) => ({ id, role: "user", content: id })),
    },
  });
  if (!res.chat) throw new Error("bad test chat");
  return res.chat;
}

const ids = (c: NormalisedChat) => activeBranch(c).messages.map((m) => m.id);

describe("activeBranch", () => {
  it.each<[string, Row[], string | null, string[]]>([
    [
      "linear",
      [
        ["u1", null, "user"],
        ["a1", "u1", "assistant"],
        ["u2", "a1", "user"],
        ["a2", "u2", "assistant"],
      ],
      "a2",
      ["u1", "a1", "u2", "a2"],
    ],
    // Regenerated reply: a1 and a1b are siblings; only the current one counts.
    [
      "regenerated reply, second current",
      [
        ["u1", null, "user"],
        ["a1", "u1", "assistant"],
        ["a1b", "u1", "assistant"],
      ],
      "a1b",
      ["u1", "a1b"],
    ],
    [
      "regenerated reply, first current",
      [
        ["u1", null, "user"],
        ["a1", "u1", "assistant"],
        ["a1b", "u1", "assistant"],
      ],
      "a1",
      ["u1", "a1"],
    ],
    // Edited user message: branch u2 → a2 is abandoned, u2b → a2b is current.
    [
      "edited user turn",
      [
        ["u1", null, "user"],
        ["a1", "u1", "assistant"],
        ["u2", "a1", "user"],
        ["a2", "u2", "assistant"],
        ["u2b", "a1", "user"],
        ["a2b", "u2b", "assistant"],
      ],
      "a2b",
      ["u1", "a1", "u2b", "a2b"],
    ],
    [
      "current in the middle",
      [
        ["u1", null, "user"],
        ["a1", "u1", "assistant"],
        ["u2", "a1", "user"],
      ],
      "a1",
      ["u1", "a1"],
    ],
  ])("%s", (_, rows, current, expected) => {
    const c = chat(rows, current);
    expect(ids(c)).toEqual(expected);
    expect(activeBranch(c)).toMatchObject({ source: "tree", complete: true, problems: [] });
  });

  it("stops at a broken parent link and reports it", () => {
    const b = activeBranch(
      chat(
        [
          ["u1", null, "user"],
          ["u2", "gone", "user"],
          ["a2", "u2", "assistant"],
        ],
        "a2",
      ),
    );
    expect(b.messages.map((m) => m.id)).toEqual(["u2", "a2"]);
    expect(b.complete).toBe(false);
    expect(b.problems.map((p) => p.message)).toEqual(["chat c: message u2: parent gone not found"]);
  });

  it("stops at a cycle and reports it", () => {
    const b = activeBranch(
      chat(
        [
          ["x", "z", "user"],
          ["y", "x", "assistant"],
          ["z", "y", "user"],
        ],
        "z",
      ),
    );
    expect(b.messages.map((m) => m.id)).toEqual(["x", "y", "z"]);
    expect(b.complete).toBe(false);
    expect(b.problems.map((p) => p.message)).toEqual(["chat c: cycle in message tree at z"]);
  });

  it("handles a self-parented message", () => {
    const b = activeBranch(chat([["x", "x", "user"]], "x"));
    expect(b.messages.map((m) => m.id)).toEqual(["x"]);
    expect(b.problems.map((p) => p.message)).toEqual(["chat c: cycle in message tree at x"]);
  });

  it("without a usable currentId, starts from the flat list's last message, else the latest leaf", () => {
    const rows: Row[] = [
      ["u1", null, "user", 1],
      ["a1", "u1", "assistant", 5],
      ["a1b", "u1", "assistant", 3],
    ];
    const viaFlat = activeBranch(chat(rows, "missing", ["u1", "a1b"]));
    expect(viaFlat.messages.map((m) => m.id)).toEqual(["u1", "a1b"]);
    expect(viaFlat.problems.map((p) => [p.severity, p.message])).toEqual([
      ["warning", "chat c: currentId missing not found; using message a1b as the current message"],
    ]);
    const viaLeaf = activeBranch(chat(rows, null));
    expect(viaLeaf.messages.map((m) => m.id)).toEqual(["u1", "a1"]);
    expect(viaLeaf.problems[0]?.message).toBe("chat c: no currentId; using message a1 as the current message");
  });

  it("falls back to the flat list only when there is no tree", () => {
    const flatOnly = activeBranch(chat([], null, ["m1", "m2", "m3"]));
    expect(flatOnly).toMatchObject({ source: "flat", complete: true });
    expect(flatOnly.messages.map((m) => m.id)).toEqual(["m1", "m2", "m3"]);
    // With a tree, the flat list (which may hold abandoned regenerations) is ignored.
    expect(ids(chat([["u1", null, "user"]], "u1", ["u1", "stale"]))).toEqual(["u1"]);
    expect(activeBranch(chat([], null)).source).toBe("none");
  });

  it("walks parent links inside a flat list when they exist (abandoned regenerations drop out)", () => {
    const res = normaliseChatRecord({
      id: "c",
      user_id: "u",
      chat: {
        messages: [
          { id: "u1", parentId: null, role: "user", content: "q" },
          { id: "a1", parentId: "u1", role: "assistant", content: "old" },
          { id: "a2", parentId: "u1", role: "assistant", content: "new" },
        ],
      },
    });
    const b = activeBranch(res.chat as NormalisedChat);
    expect(b.source).toBe("flat-linked");
    expect(b.messages.map((m) => m.id)).toEqual(["u1", "a2"]);
  });
});
