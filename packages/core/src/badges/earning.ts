// How a badge is earned, in words generated from the rules of docs/product/badges.md (§B-2 to §B-5),
// so every badge says what earns it and how even when its editor wrote no criteria (issue 11 #9).
import { z } from "zod";
import type { ItemKind } from "./kinds";

export const CRITERIA_MAX = 2000;

/** What earns a badge, written by the catalog editor; empty means none. */
export const CriteriaSchema = z
  .string()
  .trim()
  .max(CRITERIA_MAX, `Criteria must be ${CRITERIA_MAX.toLocaleString("en")} characters or less.`)
  .transform((c) => (c === "" ? null : c))
  .nullable();

export interface EarningFacts {
  kind: ItemKind;
  /** Capstones: needed for the program award. */
  isRequired: boolean;
  /** Active items directly under it, by kind (mini-badges of a skill; skills and capstones of a program). */
  childCounts: Partial<Record<ItemKind, number>>;
}

/**
 * One or two sentences on how the badge is earned, from its kind and what sits under it.
 *
 * | kind           | says                                                                        |
 * | -------------- | --------------------------------------------------------------------------- |
 * | mini-badge     | request it with a note and evidence link; staff approve it                  |
 * | capstone       | the same, and whether the program's award needs it                          |
 * | skill (3 mini) | awarded automatically once you hold all 3 of its mini-badges                |
 * | program        | awarded automatically once you hold every skill and every required capstone |
 * | progress badge | awarded by an admin by hand when you meet its criteria; not requested       |
 */
export function describeEarning(facts: EarningFacts): string {
  const request = "Request it from the catalog or your dashboard, with a note and a link to your evidence; staff approve or reject it.";
  switch (facts.kind) {
    case "mini_badge":
      return request;
    case "capstone":
      return `${request} ${facts.isRequired ? "Its program's award needs it." : "It is optional: its program's award does not need it."}`;
    case "skill": {
      const minis = facts.childCounts.mini_badge ?? 0;
      return minis === 0
        ? "It has no mini-badges yet, so it cannot be earned for now."
        : minis === 1
          ? "Awarded automatically once you hold its one mini-badge."
          : `Awarded automatically once you hold all ${minis} of its mini-badges.`;
    }
    case "program":
      return "Awarded automatically once you hold every skill in it that has mini-badges and every required capstone.";
    case "progress_badge":
      return "Awarded by an admin, by hand, when you meet its criteria; it cannot be requested.";
  }
}
