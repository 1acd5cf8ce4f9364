export * from "./audit/entry";
export * from "./errors";
export * from "./identity/email";
export * from "./identity/permissions";
export * from "./identity/roles";
export * from "./paging";
