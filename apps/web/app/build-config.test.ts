// Issue 11 #15: the build printed one "Generated an empty chunk" warning per resource route.
import type { Rollup, UserConfig } from "vite";
import { describe, expect, it, vi } from "vitest";
import config, { onBuildWarning } from "../vite.config";

describe("the production build's warnings", () => {
  it("drops Rollup's empty-chunk warning (resource routes have no client code) and passes every other one on", () => {
    const warn = vi.fn();
    onBuildWarning({ code: "EMPTY_BUNDLE", message: 'Generated an empty chunk: "healthz".' } as Rollup.RollupLog, warn);
    expect(warn).not.toHaveBeenCalled();
    const other = { code: "CIRCULAR_DEPENDENCY", message: "Circular dependency" } as Rollup.RollupLog;
    onBuildWarning(other, warn);
    expect(warn).toHaveBeenCalledWith(other);
  });

  it("is the build's warning handler", () => {
    expect((config as UserConfig).build?.rollupOptions?.onwarn).toBe(onBuildWarning);
  });
});
