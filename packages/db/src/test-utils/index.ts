export * from "./each-engine";
export * from "./shared-database";
export * from "./test-store";
