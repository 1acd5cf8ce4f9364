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
    for (const field of options.scrub ?? []) {
      const value = out[field];
      if (typeof value === "string") out[field] = scrubEmails(value);
    }
    return out as R;
  });
}
