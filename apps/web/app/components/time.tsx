/** A UTC timestamp as "2026-11-25 19:53:42" (or just the day), in a <time> element that never wraps. */
export function UtcTime({ value, dateOnly = false }: { value: string | Date | null | undefined; dateOnly?: boolean }) {
  if (!value) return <span className="muted">—</span>;
  const iso = new Date(value).toISOString();
  return (
    <time dateTime={iso} className="nowrap">
      {dateOnly ? iso.slice(0, 10) : iso.replace("T", " ").slice(0, 19)}
    </time>
  );
}
