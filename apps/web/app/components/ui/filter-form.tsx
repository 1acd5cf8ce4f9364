import { Form } from "@remix-run/react";
import { Filter } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";
import { LinkButton } from "./link-button";

/** A GET form of filters with Filter and Clear buttons; the query string is the state. */
export function FilterForm({ label, clearTo, children }: { label: string; clearTo: string; children: ReactNode }) {
  return (
    <Form method="get" className="filters" aria-label={label}>
      {children}
      <div className="filters-actions">
        <Button type="submit" icon={Filter}>
          Filter
        </Button>
        <LinkButton to={clearTo} variant="ghost">
          Clear
        </LinkButton>
      </div>
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
