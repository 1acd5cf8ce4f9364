// Redaction of personal data in exports: names and emails become a stable pseudonym per user.
import type { CellValue } from "./cells";

export type ExportRow = Record<string, CellValue>;

/**
 * A person referenced by a row: `id` is the column holding their user id, `fields` the columns
 * holding their name or emails. `when` limits the reference to some rows (e.g. audit entries
 * whose entity is a user).
 */
export interface PersonRef {
  id: string;
  fields: readonly string[];
  when?: (row: ExportRow) => boolean;
}

export interface RedactOptions {
  /** Maps a user id to its pseudonym; must be stable (same id → same pseudonym) and keyed. */
  pseudonym: (userId: string) => string;
  people: readonly PersonRef[];
  /** Free-text columns in which email addresses are replaced by "[email]". */
  scrub?: readonly string[];
  /**
   * Columns holding JSON text (the audit log's details): every string in it, at any depth, that is
   * one of `personIds` becomes that person's pseudonym, and emails in its strings become "[email]".
   */
  json?: readonly string[];
  /** The user ids that may appear inside `json` columns (see jsonStrings to collect candidates). */
  personIds?: ReadonlySet<string>;
}

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]+/g;

/** Replaces anything that looks like an email address in a text. */
export const scrubEmails = (text: string): string => text.replace(EMAIL, "[email]");

/**
 * Returns copies of the rows with every referenced person's id, name and email columns replaced
 * by their pseudonym, so rows about one person can still be joined across files without naming
 * them. A name column whose id is empty is cleared (there is nobody to pseudonymise).
 */
export function redactRows<R extends ExportRow>(rows: readonly R[], options: RedactOptions): R[] {
  const cache = new Map<string, string>();
  const pseudonymOf = (id: string) => {
    let value = cache.get(id);
    if (value === undefined) {
      value = options.pseudonym(id);
      cache.set(id, value);
    }
    return value;
  };
  return rows.map((row) => {
    const out: ExportRow = { ...row };
    for (const person of options.people) {
      if (person.when && !person.when(row)) continue;
      const id = row[person.id];
      const pseudonym = typeof id === "string" && id !== "" ? pseudonymOf(id) : null;
      if (person.id in out) out[person.id] = pseudonym;
      for (const field of person.fields) if (field in out) out[field] = out[field] === null ? null : pseudonym;
    }
    for (const field of options.json ?? []) {
      const value = out[field];
      if (typeof value === "string") out[field] = redactJsonText(value, options.personIds ?? new Set(), pseudonymOf);
    }
    for (const field of options.scrub ?? []) {
      const value = out[field];
      if (typeof value === "string") out[field] = scrubEmails(value);
    }
    return out as R;
  });
}

/** Every string value (not key) inside a JSON text, at any depth; none when it is not JSON. */
export function jsonStrings(text: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") found.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  try {
    walk(JSON.parse(text));
  } catch {
    // not JSON: nothing to collect (the email scrub still applies to the text)
  }
  return found;
}

function redactJsonText(text: string, personIds: ReadonlySet<string>, pseudonymOf: (id: string) => string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return scrubEmails(text);
  }
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return personIds.has(value) ? pseudonymOf(value) : scrubEmails(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return JSON.stringify(walk(parsed));
}

/**
 * The columns a file has: all of them with personal data; redacted, the columns that name a person
 * (names, emails) are left out, because they would only repeat the pseudonym of the id column.
 */
export function exportedColumns<C extends { key: string }>(
  columns: readonly C[],
  people: readonly PersonRef[],
  personalData: boolean,
): C[] {
  if (personalData) return [...columns];
  const naming = new Set(people.flatMap((p) => p.fields));
  return columns.filter((c) => !naming.has(c.key));
}
