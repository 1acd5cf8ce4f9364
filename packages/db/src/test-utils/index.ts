export * from "./test-store";
export * from "./each-engine";
