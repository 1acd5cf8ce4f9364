import { DescriptionSchema, ICON_IMAGE_MAX_BYTES, IconEmojiSchema, type ItemKind, TitleSchema } from "@missionboard/core";
import { Form } from "@remix-run/react";
import { useId } from "react";
import { z } from "zod";
import { useInlineValidation } from "../lib/inline-validation";
import { type CatalogEntry, CatalogIcon, CatalogStatus, KIND_NAMES } from "./catalog-icon";
import { Button } from "./ui/button";
import type { ConfirmationStep } from "./ui/confirm";
import { ConfirmDialog } from "./ui/confirm-dialog";
import { Field } from "./ui/field";

/** What the admin catalog action returns when it refuses something. */
export interface CatalogActionResult {
  intent: string;
  /** The item id, or `new:<kind>:<parentId|root>` for a create form, or "import". */
  target: string;
  errors: Record<string, string>;
  values?: Record<string, string>;
  /** A success message that carries figures (an import's counts), shown instead of a flash key. */
  notice?: string;
  /** A delete waits for confirmation (ConfirmDialog without JavaScript). */
  confirmation?: ConfirmationStep;
}

/**
 * The fields a person types, checked in the browser with the rules CreateItemInputSchema and
 * UpdateItemInputSchema are built from (core's TitleSchema, DescriptionSchema, IconEmojiSchema).
 */
const ITEM_FIELDS_SCHEMA = z.object({ title: TitleSchema, description: DescriptionSchema, iconEmoji: IconEmojiSchema });

export const createTarget = (kind: ItemKind, parentId: string | null) => `new:${kind}:${parentId ?? "root"}`;

const ICON_HINT = "Short text kept with the item (and in catalog files); pages show the artwork below.";
const ARTWORK_HINT = `A PNG or SVG (also JPEG, WebP or GIF) up to ${ICON_IMAGE_MAX_BYTES / 1024} KB; an SVG is converted to PNG. Without one, a generated emblem is shown.`;

function Errors({ errors, skip }: { errors: Record<string, string | undefined>; skip: string[] }) {
  const rest = Object.entries(errors).filter((entry): entry is [string, string] => entry[1] !== undefined && !skip.includes(entry[0]));
  if (rest.length === 0) return null;
  return (
    <div className="form-error" role="alert">
      {rest.map(([field, message]) => (
        <p key={field} style={{ margin: 0, whiteSpace: "pre-line" }}>
          {message}
        </p>
      ))}
    </div>
  );
}

function IconFields({
  errors,
  defaultEmoji,
  hasImage,
}: {
  errors: Record<string, string | undefined>;
  defaultEmoji?: string;
  hasImage?: boolean;
}) {
  const fileId = useId();
  return (
    <>
      <Field label="Icon (emoji)" name="iconEmoji" maxLength={64} defaultValue={defaultEmoji} error={errors.iconEmoji} hint={ICON_HINT} />
      <div className="field">
        <label htmlFor={fileId}>Artwork image</label>
        <input
          id={fileId}
          type="file"
          name="icon"
          accept="image/png,image/svg+xml,image/jpeg,image/webp,image/gif"
          aria-describedby={`${fileId}-hint`}
        />
        <p className="hint" id={`${fileId}-hint`}>
          {ARTWORK_HINT}
        </p>
        {errors.iconImage || errors.icon ? <p className="field-error">{errors.iconImage ?? errors.icon}</p> : null}
      </div>
      {hasImage ? (
        <label className="checkbox">
          <input type="checkbox" name="removeImage" value="yes" /> Remove the current image (use the generated emblem)
        </label>
      ) : null}
    </>
  );
}

/** "Add a skill" etc.: one create form per level. */
export function AddItemForm({
  kind,
  parentId,
  parentTitle,
  result,
  busy,
}: {
  kind: ItemKind;
  parentId: string | null;
  parentTitle?: string;
  result?: CatalogActionResult | undefined;
  busy: boolean;
}) {
  const target = createTarget(kind, parentId);
  const mine = result?.target === target ? result : undefined;
  const { errors, form } = useInlineValidation(ITEM_FIELDS_SCHEMA, mine?.errors ?? {});
  const name = KIND_NAMES[kind].one.toLowerCase();
  return (
    <details open={Boolean(mine)} className="catalog-add">
      <summary>
        Add a {name}
        {parentTitle ? ` to ${parentTitle}` : ""}
      </summary>
      <Form
        method="post"
        encType="multipart/form-data"
        noValidate
        aria-label={`Add a ${name}${parentTitle ? ` to ${parentTitle}` : ""}`}
        {...form}
      >
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="parentId" value={parentId ?? ""} />
        <Errors errors={errors} skip={["title", "description", "criteria", "iconEmoji", "iconImage", "icon"]} />
        <Field label="Title" name="title" required maxLength={400} defaultValue={mine?.values?.title} error={errors.title} />
        <Field
          label="Description"
          name="description"
          maxLength={5000}
          defaultValue={mine?.values?.description}
          error={errors.description}
        />
        <Field
          label="Criteria (what earns it)"
          name="criteria"
          maxLength={2000}
          defaultValue={mine?.values?.criteria}
          error={errors.criteria}
        />
        <IconFields errors={errors} defaultEmoji={mine?.values?.iconEmoji} />
        {kind === "capstone" ? (
          <label className="checkbox">
            <input type="checkbox" name="isRequired" value="yes" defaultChecked={mine?.values?.isRequired === "yes"} /> Required for the
            program award
          </label>
        ) : null}
        <Button type="submit" name="intent" value="create" variant="primary" disabled={busy}>
          Add {name}
        </Button>
      </Form>
    </details>
  );
}

function ActiveForm({ node, busy }: { node: Pick<CatalogEntry, "id" | "isActive" | "title">; busy: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="id" value={node.id} />
      <input type="hidden" name="isActive" value={node.isActive ? "false" : "true"} />
      <Button
        type="submit"
        name="intent"
        value="setActive"
        disabled={busy}
        aria-label={`${node.isActive ? "Deactivate" : "Activate"} ${node.title}`}
      >
        {node.isActive ? "Deactivate" : "Activate"}
      </Button>
    </Form>
  );
}

function DeleteForm({ node, busy }: { node: Pick<CatalogEntry, "id" | "kind" | "title" | "parentId">; busy: boolean }) {
  const kindName = KIND_NAMES[node.kind].one;
  return (
    <ConfirmDialog
      confirmKey={`delete-${node.id}`}
      // parentId: where to go when the page's own item is deleted.
      fields={{ intent: "delete", id: node.id, parentId: node.parentId ?? "" }}
      trigger="Delete"
      triggerLabel={`Delete ${node.title}`}
      triggerVariant="secondary"
      title={`Delete the ${kindName.toLowerCase()} “${node.title}”?`}
      confirmLabel="Delete"
      disabled={busy}
    >
      <p>This cannot be undone.</p>
    </ConfirmDialog>
  );
}

/** A list row's own controls (activate/deactivate, delete) and the errors they caused. */
export function RowActions({ node, result, busy }: { node: CatalogEntry; result?: CatalogActionResult | undefined; busy: boolean }) {
  const mine = result?.target === node.id ? result : undefined;
  return (
    <div>
      {mine ? <Errors errors={mine.errors} skip={[]} /> : null}
      <div className="inline-row">
        <ActiveForm node={node} busy={busy} />
        <DeleteForm node={node} busy={busy} />
      </div>
    </div>
  );
}

/** The page's own item: its header with edit, activate/deactivate and delete. */
export function ItemEditor({ node, result, busy }: { node: CatalogEntry; result?: CatalogActionResult | undefined; busy: boolean }) {
  const mine = result?.target === node.id ? result : undefined;
  const inline = useInlineValidation(ITEM_FIELDS_SCHEMA, mine?.errors ?? {});
  const errors = inline.errors;
  const editing = mine?.intent === "update";
  const kindName = KIND_NAMES[node.kind].one;
  return (
    <div>
      <div style={{ display: "flex", gap: "0.5rem", alignItems: "center", flexWrap: "wrap" }}>
        <CatalogIcon node={node} />
        <strong>{node.title}</strong>
        <span className="muted">{kindName}</span>
        {node.kind === "capstone" ? <span className="muted">{node.isRequired ? "required" : "optional"}</span> : null}
        <CatalogStatus node={node} />
      </div>
      {node.description ? (
        <p className="muted" style={{ margin: "0.25rem 0" }}>
          {node.description}
        </p>
      ) : null}
      {node.criteria ? (
        <p className="muted" style={{ margin: "0.25rem 0" }}>
          Criteria: {node.criteria}
        </p>
      ) : null}
      {mine && !editing ? <Errors errors={errors} skip={[]} /> : null}
      <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap", alignItems: "flex-start" }}>
        <details open={editing}>
          <summary>Edit</summary>
          <Form method="post" encType="multipart/form-data" noValidate aria-label={`Edit ${node.title}`} {...inline.form}>
            <input type="hidden" name="id" value={node.id} />
            {editing ? <Errors errors={errors} skip={["title", "description", "criteria", "iconEmoji", "iconImage", "icon"]} /> : null}
            <Field
              label="Title"
              name="title"
              required
              maxLength={400}
              defaultValue={mine?.values?.title ?? node.title}
              error={errors.title}
            />
            <Field
              label="Description"
              name="description"
              maxLength={5000}
              defaultValue={mine?.values?.description ?? node.description ?? ""}
              error={errors.description}
            />
            <Field
              label="Criteria (what earns it)"
              name="criteria"
              maxLength={2000}
              defaultValue={mine?.values?.criteria ?? node.criteria ?? ""}
              error={errors.criteria}
            />
            <IconFields
              errors={errors}
              defaultEmoji={mine?.values?.iconEmoji ?? node.iconEmoji ?? ""}
              hasImage={node.iconVersion !== null}
            />
            {node.kind === "capstone" ? (
              <>
                <input type="hidden" name="hasRequired" value="yes" />
                <label className="checkbox">
                  <input type="checkbox" name="isRequired" value="yes" defaultChecked={node.isRequired} /> Required for the program award
                </label>
              </>
            ) : null}
            <Button type="submit" name="intent" value="update" variant="primary" disabled={busy}>
              Save
            </Button>
          </Form>
        </details>
        <ActiveForm node={node} busy={busy} />
        <DeleteForm node={node} busy={busy} />
      </div>
    </div>
  );
}
