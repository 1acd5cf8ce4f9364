export * from "./record";
export * from "./preview";
