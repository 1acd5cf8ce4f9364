import type { ItemKind } from "@missionboard/core";
import { Form, useFetcher } from "@remix-run/react";
import { type ReactNode, useEffect, useState } from "react";

interface Sortable {
  id: string;
  title: string;
  position: number;
}

interface Props<T extends Sortable> {
  kind: ItemKind;
  parentId: string | null;
  items: T[];
  label: string;
  busy?: boolean;
  render: (item: T) => ReactNode;
}

/** The hidden fields of a reorder post: ids in the new order, each with the position the page showed. */
function OrderFields({ kind, parentId, order }: { kind: ItemKind; parentId: string | null; order: Sortable[] }) {
  return (
    <>
      <input type="hidden" name="intent" value="reorder" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="parentId" value={parentId ?? ""} />
      {order.map((item) => (
        <span key={item.id} hidden>
          <input type="hidden" name="order" value={item.id} />
          <input type="hidden" name="seen" value={item.position} />
        </span>
      ))}
    </>
  );
}

const moved = <T,>(list: T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
};

/**
 * A list of siblings that can be reordered with "Move up" / "Move down" buttons (plain forms:
 * keyboard and no-JS friendly) and, once the page is interactive, by dragging (HTML5
 * drag-and-drop). Both post the full new order with the positions the page showed, so a stale
 * page is refused by the server.
 */
export function CatalogSortable<T extends Sortable>({ kind, parentId, items, label, busy, render }: Props<T>) {
  const fetcher = useFetcher();
  const [enhanced, setEnhanced] = useState(false);
  const [dragged, setDragged] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  useEffect(() => setEnhanced(true), []);

  const drop = (targetId: string) => {
    const from = items.findIndex((i) => i.id === dragged);
    const to = items.findIndex((i) => i.id === targetId);
    setDragged(null);
    setOver(null);
    if (from < 0 || to < 0 || from === to) return;
    const form = new FormData();
    form.set("intent", "reorder");
    form.set("kind", kind);
    form.set("parentId", parentId ?? "");
    for (const item of moved(items, from, to)) {
      form.append("order", item.id);
      form.append("seen", String(item.position));
    }
    fetcher.submit(form, { method: "post" });
  };

  if (items.length === 0) return null;
  const disabled = busy || fetcher.state !== "idle";
  const dragError = (fetcher.data as { errors?: Record<string, string> } | undefined)?.errors?.form;
  return (
    <>
      {dragError ? (
        <p className="form-error" role="alert">
          {dragError}
        </p>
      ) : null}
      <ol aria-label={label} className="catalog-sortable" style={{ listStyle: "none", paddingLeft: 0, margin: "0.25rem 0" }}>
        {items.map((item, index) => (
          <li
            key={item.id}
            data-item-id={item.id}
            draggable={enhanced && !disabled ? true : undefined}
            onDragStart={(e) => {
              setDragged(item.id);
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", item.id);
            }}
            onDragOver={(e) => {
              if (!dragged) return;
              e.preventDefault();
              setOver(item.id);
            }}
            onDragLeave={() => setOver((o) => (o === item.id ? null : o))}
            onDrop={(e) => {
              e.preventDefault();
              drop(item.id);
            }}
            onDragEnd={() => {
              setDragged(null);
              setOver(null);
            }}
            style={{
              border: "1px solid var(--border)",
              borderRadius: 8,
              padding: "0.5rem 0.75rem",
              margin: "0.4rem 0",
              background: over === item.id ? "#eef0f7" : undefined,
              opacity: dragged === item.id ? 0.5 : 1,
            }}
          >
            <div style={{ display: "flex", gap: "0.5rem", alignItems: "flex-start" }}>
              {enhanced ? (
                <span aria-hidden="true" title="Drag to reorder" style={{ cursor: "grab", userSelect: "none", paddingTop: "0.2rem" }}>
                  ⠿
                </span>
              ) : null}
              <div style={{ flex: 1, minWidth: 0 }}>{render(item)}</div>
              <div style={{ display: "flex", gap: "0.25rem" }}>
                <Form method="post">
                  <OrderFields kind={kind} parentId={parentId} order={moved(items, index, index - 1)} />
                  <button type="submit" className="button" disabled={disabled || index === 0} aria-label={`Move ${item.title} up`}>
                    ↑
                  </button>
                </Form>
                <Form method="post">
                  <OrderFields kind={kind} parentId={parentId} order={moved(items, index, index + 1)} />
                  <button
                    type="submit"
                    className="button"
                    disabled={disabled || index === items.length - 1}
                    aria-label={`Move ${item.title} down`}
                  >
                    ↓
                  </button>
                </Form>
              </div>
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
