import { DEFAULT_RANKS } from "@missionboard/core";
import { expect, it } from "vitest";
import { describeEachEngine } from "../test-utils";
import { loadBoardFreezes, loadRankTable, replaceRankTable, setBoardFreeze } from "./scoring-settings";

const now = new Date("2026-05-01T00:00:00Z");

describeEachEngine("scoring settings", (store) => {
  it("reads the default rank table until one is saved, then the saved one, lowest first", async () => {
    expect(await store().read(loadRankTable)).toEqual(DEFAULT_RANKS);
    await store().tx((c) =>
      replaceRankTable(
        c,
        [
          { name: "Rookie", minPoints: 0, reward: null },
          { name: " Pro ", minPoints: 50, reward: " a mug " },
        ],
        now,
      ),
    );
    expect(await store().read(loadRankTable)).toEqual([
      { name: "Rookie", minPoints: 0, reward: null },
      { name: "Pro", minPoints: 50, reward: "a mug" },
    ]);
  });

  it("sets, moves and clears a board's freeze; only set freezes are listed", async () => {
    const freeze = new Date("2026-06-01T12:00:00Z");
    await store().tx((c) => setBoardFreeze(c, "week:2", freeze, null, now));
    await store().tx((c) => setBoardFreeze(c, "overall", freeze, null, now));
    await store().tx((c) => setBoardFreeze(c, "overall", null, null, now));
    expect(await store().read(loadBoardFreezes)).toEqual([{ board: "week:2", freezeAt: freeze }]);
  });
});
