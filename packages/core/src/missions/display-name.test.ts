import { describe, expect, it } from "vitest";
import { type BoardPerson, boardName, firstNameAndInitial, leaderboardAlias } from "./display-name";

describe("leaderboardAlias", () => {
  it("is stable, shaped as an agent name, and differs across ids", () => {
    expect(leaderboardAlias("u-1")).toBe(leaderboardAlias("u-1"));
    expect(leaderboardAlias("u-1")).toMatch(/^Agent [A-Z][a-z]+ [A-Z][a-z]+ \d{3}$/);
    const aliases = new Set(Array.from({ length: 2000 }, (_, i) => leaderboardAlias(`user-${i}`)));
    expect(aliases.size).toBeGreaterThan(1990);
  });
});

describe("firstNameAndInitial", () => {
  it.each([
    ["Ada Lovelace", "Ada L."],
    ["  grace   brewster hopper ", "grace H."],
    ["Plato", "Plato"],
    ["", ""],
    ["Émile Ébert", "Émile É."],
  ])("%j → %j", (name, expected) => expect(firstNameAndInitial(name)).toBe(expected));
});

describe("boardName", () => {
  const person = (account: BoardPerson["account"], owuiName: string | null = "owui name"): BoardPerson => ({
    learnerId: "x1",
    account,
    owuiName,
  });
  const alias = leaderboardAlias("x1");
  it.each<[string, BoardPerson, "staff" | "learner", string]>([
    ["staff see the account's name", person({ name: "Ada Lovelace", style: "alias" }), "staff", "Ada Lovelace"],
    ["staff see OpenWebUI's name without an account", person(null), "staff", "owui name"],
    ["staff see the alias with no name at all", person(null, null), "staff", alias],
    ["learners see an alias by default", person({ name: "Ada Lovelace", style: "alias" }), "learner", alias],
    ["learners see first name and initial when chosen", person({ name: "Ada Lovelace", style: "first-initial" }), "learner", "Ada L."],
    ["learners see the full name when chosen", person({ name: "Ada Lovelace", style: "full" }), "learner", "Ada Lovelace"],
    ["an unlinked OpenWebUI user is an alias to learners", person(null), "learner", alias],
    ["a blank account name falls back to the alias", person({ name: " ", style: "full" }), "learner", alias],
  ])("%s", (_, p, viewer, expected) => expect(boardName(p, viewer)).toBe(expected));
});
