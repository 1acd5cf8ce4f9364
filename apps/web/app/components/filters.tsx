import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** A GET form of filters with Filter and Clear buttons; the query string is the state. */
export function FilterForm({ label, clearTo, children }: { label: string; clearTo: string; children: ReactNode }) {
  return (
    <Form method="get" className="filters" aria-label={label}>
      {children}
      <button type="submit" className="button">
        Filter
      </button>
      <Link to={clearTo} className="button link">
        Clear
      </Link>
    </Form>
  );
}

/** Rejected filter values, each named with its label. */
export function FilterErrors({ errors, labels }: { errors: Record<string, string> | null; labels: Record<string, string> }) {
  if (!errors) return null;
  return (
    <div className="form-error" role="alert">
      {Object.entries(errors).map(([field, message]) => (
        <p key={field}>
          {labels[field] ?? field}: {message}
        </p>
      ))}
    </div>
  );
}

/** "1 entry" / "12 entries". */
export const countOf = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
