export * from "./each-engine";
export * from "./test-store";
