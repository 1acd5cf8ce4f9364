import { describe, expect, it } from "vitest";
import { PageInputSchema, pageOffset, toPage } from "./paging";

describe("paging", () => {
  it("defaults to the first page of 25", () => {
    expect(PageInputSchema.parse({})).toEqual({ page: 1, pageSize: 25 });
  });

  it.each([{ page: 0 }, { page: 1.5 }, { pageSize: 1000 }, { page: -3 }])("rejects %o", (input) => {
    expect(PageInputSchema.safeParse(input).success).toBe(false);
  });

  it("computes offsets and page counts", () => {
    expect(pageOffset({ page: 3, pageSize: 10 })).toBe(20);
    expect(toPage([], 0, { page: 1, pageSize: 10 }).pageCount).toBe(1);
    expect(toPage([1], 21, { page: 3, pageSize: 10 }).pageCount).toBe(3);
  });
});
