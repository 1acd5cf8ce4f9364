import { describe, expect, it } from "vitest";
import { normaliseModelRecord } from "./openwebui";
import type { MissionDefinition } from "./registry";
import { buildMissionRegistry, resolveMission } from "./registry";
import {
  aliasOwners,
  dedupeAliases,
  describeModelChange,
  modelChanges,
  ownedAliases,
  planAliasEdit,
  planManifestImport,
  planModelLink,
  planModelMissions,
  type RegistryEntry,
} from "./registry-rules";

const entry = (id: string, key: string, aliases: string[] = [], name = id.toUpperCase()): RegistryEntry => ({ id, key, name, aliases });
const tagged = (raw: Record<string, unknown>) => {
  const m = normaliseModelRecord({ tags: [{ name: "Missions" }], ...raw }).model;
  if (!m) throw new Error("bad test model");
  return m;
};
const def = (key: string, aliases: string[], extra: Partial<MissionDefinition> = {}): MissionDefinition => ({
  key,
  name: key,
  week: 1,
  weekSource: "manifest",
  points: 20,
  pointsSource: "manifest",
  difficulty: null,
  difficultySource: null,
  aliases,
  markers: [],
  briefingReplyCounts: false,
  startTriggers: [],
  origin: "manifest",
  ...extra,
});

describe("aliasOwners: a key is its mission's own, any other alias the oldest lister's", () => {
  const cases: { name: string; entries: RegistryEntry[]; alias: string; owner: string }[] = [
    { name: "its own key", entries: [entry("a", "x")], alias: "x", owner: "a" },
    { name: "ignoring case and spaces", entries: [entry("a", "x", ["Model-1"])], alias: " MODEL-1 ", owner: "a" },
    { name: "older lister of an alias wins", entries: [entry("a", "a", ["m"]), entry("b", "b", ["m"])], alias: "m", owner: "a" },
    { name: "a key beats an older alias", entries: [entry("a", "a", ["x"]), entry("b", "x")], alias: "x", owner: "b" },
    { name: "a key beats a younger alias", entries: [entry("a", "x"), entry("b", "b", ["x"])], alias: "x", owner: "a" },
  ];
  for (const c of cases)
    it(c.name, () => {
      expect(aliasOwners(c.entries).get(c.alias.trim().toLowerCase())?.id).toBe(c.owner);
    });

  it("ownedAliases leaves out, and reports, what another mission owns", () => {
    const { owned, conflicts } = ownedAliases([entry("a", "a", ["x", "shared"]), entry("b", "x", ["SHARED", "b2"])]);
    expect(owned.get("a")).toEqual(["a", "shared"]);
    expect(owned.get("b")).toEqual(["x", "b2"]);
    expect(conflicts.map((c) => [c.missionId, c.alias, c.owner.id])).toEqual([
      ["a", "x", "b"],
      ["b", "SHARED", "a"],
    ]);
  });

  it("the detector's registry agrees with the owners (keys first, then the oldest)", () => {
    const entries = [entry("a", "a", ["x", "shared"]), entry("b", "x", ["shared"])];
    const { registry } = buildMissionRegistry({ definitions: entries.map((e) => def(e.key, [...e.aliases])) });
    const owners = aliasOwners(entries);
    for (const alias of ["a", "x", "shared"]) expect(resolveMission(registry, alias)?.key).toBe(owners.get(alias)?.key);
  });

  it("dedupeAliases trims, drops empties and case duplicates, keeps the first spelling", () => {
    expect(dedupeAliases([" Week-1 ", "WEEK-1", "", "  ", "b"])).toEqual(["Week-1", "b"]);
  });
});

describe("planAliasEdit", () => {
  const entries = [entry("a", "a", ["shared"], "Alpha"), entry("b", "b", [], "Beta")];
  const cases: { name: string; id: string; aliases: string[]; result: unknown }[] = [
    {
      name: "free aliases are accepted, de-duplicated",
      id: "b",
      aliases: ["new", "NEW", " b "],
      result: { ok: true, aliases: ["new", "b"] },
    },
    { name: "another mission's alias is refused", id: "b", aliases: ["Shared"], result: { ok: false, alias: "Shared" } },
    { name: "another mission's key is refused", id: "b", aliases: ["A"], result: { ok: false, alias: "A" } },
    { name: "its own aliases are fine", id: "a", aliases: ["shared", "a"], result: { ok: true, aliases: ["shared", "a"] } },
  ];
  for (const c of cases) it(c.name, () => expect(planAliasEdit(entries, c.id, c.aliases)).toMatchObject(c.result as object));

  it("names the owner", () => {
    const plan = planAliasEdit(entries, "b", ["shared"]);
    expect(plan.ok === false && plan.message).toBe('"shared" already counts as the mission "Alpha".');
  });
});

describe("planModelLink", () => {
  const entries = [entry("a", "week-1", ["Week 1 model"], "Week One"), entry("b", "week-2", [], "Week Two")];
  it("adds the model's id and name to the chosen mission", () => {
    expect(planModelLink(entries, { id: "gpt-x", name: "GPT X" }, "week-2")).toEqual({
      kind: "add",
      missionId: "b",
      aliases: ["gpt-x", "GPT X"],
      added: 2,
    });
  });
  it("leaves out a name another mission owns", () => {
    expect(planModelLink(entries, { id: "gpt-x", name: "Week 1 model" }, "week-2")).toMatchObject({ aliases: ["gpt-x"], added: 1 });
  });
  it("refuses a model that already counts as another mission, or an unknown mission", () => {
    expect(planModelLink(entries, { id: "WEEK-1", name: "x" }, "week-2")).toMatchObject({ kind: "refused", reason: "taken" });
    expect(planModelLink(entries, { id: "gpt-x", name: "x" }, "nope")).toMatchObject({ kind: "refused", reason: "no-mission" });
  });
  it("creates a mission of its own, or refuses when it already is one", () => {
    expect(planModelLink(entries, { id: "Gpt-X", name: "Week 1 model" })).toEqual({ kind: "create", key: "gpt-x", aliases: ["Gpt-X"] });
    expect(planModelLink(entries, { id: "week-1", name: "x" })).toMatchObject({ kind: "refused", reason: "own-mission" });
    expect(planModelLink(entries, { id: "week 1 model", name: "x" })).toMatchObject({ kind: "refused", reason: "taken" });
  });
});

describe("planModelMissions", () => {
  it("a tagged model of a known mission only adds the aliases nobody owns", () => {
    const entries = [entry("a", "m1", ["Old name"]), entry("b", "m2", ["Shared name"])];
    const plan = planModelMissions(entries, [tagged({ id: "m1", name: "Shared name", info: { id: "m1", name: "M1 renamed" } })]);
    expect(plan.inserts).toEqual([]);
    expect(plan.aliasAdds).toEqual([{ missionId: "a", aliases: ["Old name", "M1 renamed"] }]);
    expect(plan.matches.get("m1")).toEqual({ missionId: "a" });
  });

  it("matches by an id another mission owns as an alias, never by display name", () => {
    const entries = [entry("a", "week-1-intel", ["maip---week-1---challenge-1"]), entry("b", "other", ["Display"])];
    const plan = planModelMissions(entries, [
      tagged({ id: "maip---week-1---challenge-1", name: "Intel" }),
      tagged({ id: "fresh", name: "Display" }),
    ]);
    expect(plan.matches.get("maip---week-1---challenge-1")).toEqual({ missionId: "a" });
    // "fresh" shares only a display name: a new mission, without the name the other mission owns.
    expect(plan.inserts.map((d) => [d.key, d.aliases])).toEqual([["fresh", ["fresh"]]]);
  });

  it("two new models never share an alias; the second with the same key counts as the first", () => {
    const plan = planModelMissions(
      [],
      [tagged({ id: "x", name: "Same" }), tagged({ id: "y", name: "Same" }), tagged({ slug: "x", id: "z" })],
    );
    expect(plan.inserts.map((d) => [d.key, d.aliases])).toEqual([
      ["x", ["x", "Same"]],
      ["y", ["y"]],
    ]);
    expect(plan.matches.get("x")).toEqual({ key: "x" });
  });
});

describe("planManifestImport", () => {
  it("updates by key, merges into the mission whose model it names, creates the rest", () => {
    const entries = [entry("a", "week-1-intel", ["intel"]), entry("b", "maip---week-1---challenge-1", [], "Intel Guardian")];
    const plan = planManifestImport(entries, [
      def("week-1-intel", ["week-1-intel", "extra"]),
      def("week-1-guardian", ["week-1-guardian", "maip---week-1---challenge-1"]),
      def("week-2-new", ["week-2-new", "intel"]),
    ]);
    expect(plan.updates.map((u) => [u.missionId, u.aliases])).toEqual([
      ["a", ["intel", "week-1-intel", "extra"]],
      ["b", ["week-1-guardian", "maip---week-1---challenge-1"]],
    ]);
    expect(plan.creates.map((d) => [d.key, d.aliases])).toEqual([["week-2-new", ["week-2-new"]]]);
    expect(plan.warnings).toEqual([
      'challenge week-1-guardian: merged into the mission "Intel Guardian" (maip---week-1---challenge-1), whose model it names',
      'challenge week-2-new: "intel" already counts as the mission "A". It was left out.',
    ]);
  });

  it("never lets two challenges of one manifest share an alias", () => {
    const plan = planManifestImport([], [def("c1", ["c1", "shared"]), def("c2", ["c2", "SHARED"])]);
    expect(plan.creates.map((d) => d.aliases)).toEqual([["c1", "shared"], ["c2"]]);
    const { conflicts } = ownedAliases(plan.creates.map((d, i) => entry(String(i), d.key, d.aliases)));
    expect(conflicts).toEqual([]);
  });
});

describe("modelChanges", () => {
  const mission = { isActive: true, week: 2, points: 20 };
  const cases: { name: string; previous: Parameters<typeof modelChanges>[0]; next: Parameters<typeof modelChanges>[1]; out: unknown[] }[] =
    [
      { name: "first sight proposes nothing", previous: null, next: { isMission: true, week: 3, points: 30 }, out: [] },
      {
        name: "points changed in OpenWebUI",
        previous: { tagged: true, week: 2, points: 20 },
        next: { isMission: true, week: 2, points: 25 },
        out: [{ field: "points", from: 20, to: 25 }],
      },
      {
        name: "week and tag changed",
        previous: { tagged: true, week: 2, points: 20 },
        next: { isMission: false, week: 3, points: 20 },
        out: [
          { field: "tag", from: true, to: false },
          { field: "week", from: 2, to: 3 },
        ],
      },
      {
        name: "a change that matches the mission already is not proposed",
        previous: { tagged: true, week: 1, points: 15 },
        next: { isMission: true, week: 2, points: 20 },
        out: [],
      },
      {
        name: "an unchanged model is not nagged about an admin's edit",
        previous: { tagged: true, week: 5, points: 50 },
        next: { isMission: true, week: 5, points: 50 },
        out: [],
      },
    ];
  for (const c of cases) it(c.name, () => expect(modelChanges(c.previous, c.next, mission)).toEqual(c.out));

  it("describes a change in a sentence", () => {
    expect(describeModelChange({ field: "points", from: 20, to: 25 }, "m1")).toBe("OpenWebUI now gives m1 points 25 (the mission has 20).");
    expect(describeModelChange({ field: "tag", from: true, to: false }, "m1")).toMatch(/no longer carries the Missions tag/);
  });
});
