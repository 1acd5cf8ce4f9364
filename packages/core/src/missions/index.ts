export * from "./branch";
export * from "./detect";
export * from "./ingest-types";
export * from "./markers";
export * from "./openwebui";
export * from "./registry";
