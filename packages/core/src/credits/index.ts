export * from "./preview";
export * from "./record";
