export * from "./credit-rows";
export * from "./each-engine";
export * from "./mission-records";
export * from "./shared-database";
export * from "./test-store";
