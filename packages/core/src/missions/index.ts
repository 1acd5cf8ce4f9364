export * from "./branch";
export * from "./detect";
export * from "./markers";
export * from "./openwebui";
export * from "./registry";
