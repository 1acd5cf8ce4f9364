import { describe, expect, it } from "vitest";
import { similarityRatio } from "./similarity";

// Expected ratios were computed with CPython 3's difflib.SequenceMatcher(None, a, b).ratio(), the
// algorithm's reference implementation (and the old tool's), with and without autojunk.

describe("similarityRatio: short names (autojunk never applies below 200 characters)", () => {
  const short: [string, string, number][] = [
    ["seeds of bias", "seed bias", 0.8181818181818182],
    ["broken compass", "broken compas", 0.9629629629629629],
    ["red light protocol", "red line protocol", 0.8571428571428571],
    ["operation echo breach", "echo breach", 0.6875],
    ["intel guardian", "intel guardian", 1.0],
    ["", "", 1.0],
    ["abc", "", 0.0],
    ["", "abc", 0.0],
    ["prompt qualification", "prompt qualifcation", 0.9743589743589743],
    ["algorithmic integrity", "algorithmic integrty", 0.975609756097561],
    ["high risk horizon", "high-risk horizon", 0.9411764705882353],
    ["restoration protocol", "restoration", 0.7096774193548387],
    ["abcd", "bcda", 0.75],
    ["abxcd", "abcd", 0.8888888888888888],
    ["qabxcd", "abycdf", 0.6666666666666666],
    ["private Thread", "private Volatile", 0.6],
    ["café", "cafe", 0.75],
    ["😀a😀b", "😀b", 0.6666666666666666],
    ["adjudication protocol", "adjudication protcol", 0.975609756097561],
    ["signal clarity", "signal charity", 0.9285714285714286],
    ["bcda", "abcd", 0.75],
    ["seed bias", "seeds of bias", 0.8181818181818182],
  ];
  for (const [a, b, ratio] of short)
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)} = ${ratio}`, () => {
      expect(similarityRatio(a, b)).toBe(ratio);
      expect(similarityRatio(a, b, { autojunk: false })).toBe(ratio);
    });
});

describe("similarityRatio: long texts, where autojunk drops popular characters of b", () => {
  const long: [string, string, number, number][] = [
    ["x".repeat(10) + "mission ".repeat(30), "mission ".repeat(30) + "y".repeat(10), 0.0, 0.96],
    [`${"abcd".repeat(50)}e`, `e${"abcd".repeat(50)}`, 0.004975124378109453, 0.9950248756218906],
    ["a".repeat(100) + "b".repeat(100), "b".repeat(100) + "a".repeat(100), 0.0, 0.5],
    ["hello world ".repeat(20), `${"hello world ".repeat(17)}goodbye`, 0.9046563192904656, 0.9090909090909091],
    [
      "the quick brown fox jumps over the lazy dog ".repeat(5),
      "the quick brown fox jumped over a lazy dog ".repeat(5),
      0.1103448275862069,
      0.9195402298850575,
    ],
    ["ab".repeat(99), `${"ab".repeat(99)}c`, 0.9974811083123426, 0.9974811083123426],
    ["ab".repeat(99) + "c".repeat(2), "ab".repeat(100), 0.99, 0.99],
  ];
  for (const [a, b, withAutojunk, without] of long)
    it(`${a.slice(0, 16)}… (${Array.from(a).length}) vs ${b.slice(0, 16)}… (${Array.from(b).length})`, () => {
      expect(similarityRatio(a, b)).toBe(withAutojunk);
      expect(similarityRatio(a, b, { autojunk: false })).toBe(without);
    });
});
