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

/**
 * Values in the address that the page ignored (parseSearch dropped them and used the defaults),
 * each named with its label: a bad or stale link still shows the list, and says what it skipped.
 */
export function IgnoredFilters({ ignored, labels }: { ignored: Record<string, string>; labels: Record<string, string> }) {
  const entries = Object.entries(ignored);
  if (entries.length === 0) return null;
  return (
    <div className="form-error" role="alert" data-testid="ignored-filters">
      <p>Some values in the address were not valid, so the defaults are shown instead:</p>
      {entries.map(([field, message]) => (
        <p key={field}>
          {labels[field] ?? field}: {message}
        </p>
      ))}
    </div>
  );
}

/** "1 entry" / "12 entries". */
export const countOf = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
