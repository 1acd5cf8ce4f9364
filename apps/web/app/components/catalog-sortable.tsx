import { Form, useFetcher } from "@remix-run/react";
import { ArrowDown, ArrowUp, GripVertical } from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { formatNumber } from "../lib/number-format";
import type { CatalogRow } from "./catalog-icon";
import { Button } from "./ui/button";

interface Props {
  /** One page of the list, each row with its place (`rank`) among all its siblings. */
  rows: CatalogRow[];
  /** How many siblings the whole list has (all pages). */
  total: number;
  label: string;
  busy?: boolean;
  render: (row: CatalogRow) => ReactNode;
}

/**
 * The row's move controls in one form (the item and where the page showed it): "Move" applies the
 * position field (1-based; also on Enter, being the form's first button), the up and down arrows send the place
 * above or below instead. Nothing in it names another item, so a row costs the same in any list.
 */
function MoveForm({ row, total, disabled }: { row: CatalogRow; total: number; disabled: boolean }) {
  return (
    <Form method="post" className="catalog-move-to inline-row" aria-label={`Move ${row.title}`}>
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="id" value={row.id} />
      <input type="hidden" name="seenPosition" value={row.position} />
      {total > 2 ? (
        <>
          <input
            name="position"
            type="number"
            min={1}
            max={total}
            defaultValue={row.rank + 1}
            aria-label={`New position of ${row.title} (1 to ${total})`}
          />
          <Button type="submit" disabled={disabled}>
            Move
          </Button>
        </>
      ) : null}
      <Button
        type="submit"
        name="place"
        value={row.rank}
        className="icon-only"
        disabled={disabled || row.rank === 0}
        aria-label={`Move ${row.title} up`}
      >
        <ArrowUp className="icon" aria-hidden="true" />
      </Button>
      <Button
        type="submit"
        name="place"
        value={row.rank + 2}
        className="icon-only"
        disabled={disabled || row.rank >= total - 1}
        aria-label={`Move ${row.title} down`}
      >
        <ArrowDown className="icon" aria-hidden="true" />
      </Button>
    </Form>
  );
}

/**
 * A page of siblings that can be reordered with "Move up" / "Move down" buttons and a "move to
 * position" field (a plain form: keyboard and no-JS friendly) and, once the page is interactive, by
 * dragging a row onto another (HTML5 drag-and-drop; the script sends the dragged item's new place).
 * Every control names one item and its new place, never the list, so each row costs the same
 * whatever the length of the list; the server refuses a move when the item moved meanwhile.
 */
export function CatalogSortable({ rows, total, label, busy, render }: Props) {
  const fetcher = useFetcher();
  const [enhanced, setEnhanced] = useState(false);
  // The dragged id lives in a ref too: dragover may fire before React re-renders after dragstart.
  const draggedRef = useRef<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  useEffect(() => setEnhanced(true), []);

  const drop = (target: CatalogRow) => {
    const source = rows.find((r) => r.id === draggedRef.current);
    draggedRef.current = null;
    setDragged(null);
    setOver(null);
    if (!source || source.id === target.id) return;
    const form = new FormData();
    form.set("intent", "move");
    form.set("id", source.id);
    form.set("seenPosition", String(source.position));
    form.set("place", String(target.rank + 1));
    fetcher.submit(form, { method: "post" });
  };

  if (rows.length === 0) return null;
  const disabled = busy || fetcher.state !== "idle";
  const dragError = (fetcher.data as { errors?: Record<string, string> } | undefined)?.errors?.form;
  return (
    <>
      {dragError ? (
        <p className="form-error" role="alert">
          {dragError}
        </p>
      ) : null}
      <ol aria-label={label} className="catalog-sortable">
        {rows.map((row) => (
          <li
            key={row.id}
            data-item-id={row.id}
            data-rank={row.rank}
            draggable={enhanced && !disabled ? true : undefined}
            onDragStart={(e) => {
              draggedRef.current = row.id;
              setDragged(row.id);
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", row.id);
            }}
            onDragOver={(e) => {
              const id = draggedRef.current;
              if (!id || !rows.some((r) => r.id === id)) return;
              e.preventDefault();
              setOver(row.id);
            }}
            onDragLeave={() => setOver((o) => (o === row.id ? null : o))}
            onDrop={(e) => {
              e.preventDefault();
              drop(row);
            }}
            onDragEnd={() => {
              draggedRef.current = null;
              setDragged(null);
              setOver(null);
            }}
            className={over === row.id ? "drop-target" : dragged === row.id ? "dragging" : undefined}
          >
            <div className="catalog-row">
              {enhanced ? (
                <span aria-hidden="true" title="Drag to reorder" className="catalog-drag">
                  <GripVertical className="icon" />
                </span>
              ) : null}
              <div className="catalog-row-main">{render(row)}</div>
              <div className="inline-row">
                <span className="muted">
                  {formatNumber(row.rank + 1)} of {formatNumber(total)}
                </span>
                <MoveForm row={row} total={total} disabled={disabled} />
              </div>
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
