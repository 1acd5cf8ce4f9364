import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatNumber, formatOneDecimal, formatUpToOneDecimal } from "./number-format";

describe("number formats", () => {
  const cases: [string, (n: number) => string, number, string][] = [
    ["thousands", formatNumber, 12345, "12,345"],
    ["a fraction keeps up to three decimals, as toLocaleString does", formatNumber, 2.5, "2.5"],
    ["negative", formatNumber, -1200, "-1,200"],
    ["up to one decimal", formatUpToOneDecimal, 2.46, "2.5"],
    ["up to one decimal, whole", formatUpToOneDecimal, 3, "3"],
    ["exactly one decimal", formatOneDecimal, 3, "3.0"],
  ];
  for (const [name, format, value, want] of cases) it(name, () => expect(format(value)).toBe(want));

  it("is the app's only way to format a number (toLocaleString builds a formatter per call)", () => {
    const app = path.resolve(import.meta.dirname, "..");
    const offenders = (readdirSync(app, { recursive: true }) as string[])
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts") && !f.endsWith("number-format.ts"))
      .filter((f) => readFileSync(path.join(app, f), "utf8").includes(".toLocaleString("));
    expect(offenders).toEqual([]);
  });
});
