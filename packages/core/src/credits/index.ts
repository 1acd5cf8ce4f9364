export * from "./names";
export * from "./preview";
export * from "./record";
export * from "./similarity";
