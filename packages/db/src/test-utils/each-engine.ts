import { afterEach, beforeEach, describe } from "vitest";
import { createTestStore, postgresFlavour, TEST_ENGINES, type TestEngine, type TestStore } from "./test-store";

/**
 * Declares the enclosed tests once per engine, each test on a fresh migrated database:
 *
 *   describeEachEngine("audit queries", (store) => { it("…", async () => { await store().tx(…) }) });
 */
export function describeEachEngine(name: string, body: (store: () => TestStore, engine: TestEngine) => void): void {
  for (const engine of TEST_ENGINES) {
    describe(`${name} [${engine === "postgres" ? postgresFlavour : engine}]`, () => {
      let current: TestStore | undefined;
      beforeEach(async () => {
        current = await createTestStore(engine);
      });
      afterEach(async () => {
        await current?.dispose();
        current = undefined;
      });
      body(() => {
        if (!current) throw new Error("store used outside a test");
        return current;
      }, engine);
    });
  }
}
