import { v7 } from "uuid";

/** Time-ordered UUIDv7; see docs/decisions/002-dual-dialect-data-layer.md. */
export const newId = (): string => v7();
