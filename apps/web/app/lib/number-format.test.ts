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

  it("whole numbers, grouped by hand, read as Intl writes them", () => {
    const intl = new Intl.NumberFormat("en");
    const values = [0, 7, 12, 999, 1000, 1001, 99_999, 100_000, 123_456, 1_234_567, 10_000_000, Number.MAX_SAFE_INTEGER];
    for (const n of [...values, ...values.map((v) => -v).filter((v) => v !== 0)]) expect(formatNumber(n)).toBe(intl.format(n));
    // Beyond the safe integers, and for fractions, Intl itself answers.
    expect(formatNumber(2 ** 60)).toBe(intl.format(2 ** 60));
    expect(formatNumber(1234.5678)).toBe("1,234.568");
  });

  it("is the app's only way to format a number (toLocaleString builds a formatter per call)", () => {
    const app = path.resolve(import.meta.dirname, "..");
    const offenders = (readdirSync(app, { recursive: true }) as string[])
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts") && !f.endsWith("number-format.ts"))
      .filter((f) => readFileSync(path.join(app, f), "utf8").includes(".toLocaleString("));
    expect(offenders).toEqual([]);
  });
});
