import { v7 } from "uuid";

/** Time-ordered UUIDv7; see docs/decisions/002-dual-dialect-data-layer.md. */
export const newId = (): string => v7();

const UUID_SHAPED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string can be compared with a uuid column: Postgres refuses the whole query otherwise. */
export const isUuidShaped = (value: string): boolean => UUID_SHAPED.test(value);
