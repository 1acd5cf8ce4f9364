export * from "./matching";
export * from "./names";
export * from "./overview";
export * from "./points";
export * from "./preview";
export * from "./reconcile";
export * from "./record";
export * from "./similarity";
