import { CATALOG_DOCUMENT_MAX_BYTES, ICON_IMAGE_MAX_BYTES, sniffImageType } from "@missionboard/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AddItemForm, type CatalogActionResult, createTarget, ItemEditor } from "../components/catalog-forms";
import type { CatalogNode } from "../components/catalog-icon";
import { CatalogSortable } from "../components/catalog-sortable";
import { Notice } from "../components/form-error";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { apiFailure } from "../lib/form.server";
import { imageFile, jsonFile, receiveUpload, type UploadLimits } from "../lib/upload.server";

export const meta: MetaFunction = () => [{ title: "Catalog admin · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const tree = await api.catalog.tree().catch(toRouteError(request, requestId));
  return { programs: tree.programs };
}

// ---------------------------------------------------------------------------------------------
// Uploads go through the upload receiver: the icon (an image, 256 KB) and the catalog file (JSON)
// are held in memory and refused as soon as they pass their limit or are not of their type.

const CATALOG_UPLOAD: UploadLimits = {
  fields: {
    icon: {
      kind: "file",
      maxBytes: ICON_IMAGE_MAX_BYTES,
      store: "memory",
      accept: imageFile,
      tooLarge: "The icon image must be 256 KB or smaller.",
    },
    file: {
      kind: "file",
      maxBytes: CATALOG_DOCUMENT_MAX_BYTES,
      store: "memory",
      accept: jsonFile,
      tooLarge: `The catalog file must be ${CATALOG_DOCUMENT_MAX_BYTES / 1024 / 1024} MB or smaller.`,
    },
  },
  maxParts: 16,
  textMaxBytes: 64 * 1024,
};

class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The posted form; a multipart one's icon becomes a data URL and its catalog file text, as the actions expect. */
async function readForm(request: Request): Promise<FormData> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return request.formData();
  const upload = await receiveUpload(request, CATALOG_UPLOAD);
  if (!upload.ok) throw new UploadRefused(upload.status, upload.message);
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.set(name, value);
  const icon = upload.files.icon?.data;
  if (icon) form.set("icon", `data:image/${sniffImageType(icon)};base64,${Buffer.from(icon).toString("base64")}`);
  const file = upload.files.file?.data;
  if (file) form.set("file", new TextDecoder().decode(file));
  return form;
}

// ---------------------------------------------------------------------------------------------

const str = (form: FormData, key: string) => {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
};
const optional = (form: FormData, key: string) => (str(form, key).trim() === "" ? null : str(form, key));

const NOTICES: Record<string, string> = {
  create: "Added.",
  update: "Saved.",
  activate: "Activated: students can see it again (if its parents are active).",
  deactivate: "Deactivated: students no longer see it or anything under it.",
  delete: "Deleted.",
  reorder: "Order saved.",
};

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  let form: FormData;
  try {
    form = await readForm(request);
  } catch (error) {
    if (!(error instanceof UploadRefused)) throw error;
    // We cannot know which form it came from once the body was abandoned: show it at the top.
    return data<CatalogActionResult>({ intent: "upload", target: "page", errors: { form: error.message } }, { status: error.status });
  }
  const intent = str(form, "intent");
  const id = str(form, "id");
  const kind = str(form, "kind");
  const parentId = optional(form, "parentId");
  const target =
    intent === "create" ? createTarget(kind as never, parentId) : intent === "import" ? "import" : intent === "reorder" ? "page" : id;
  const values = {
    title: str(form, "title"),
    description: str(form, "description"),
    iconEmoji: str(form, "iconEmoji"),
    isRequired: str(form, "isRequired"),
  };
  const fail = (errors: Record<string, string>, status: number) =>
    data<CatalogActionResult>({ intent, target, errors, values }, { status });
  let notice = NOTICES[intent] ?? "Done.";
  try {
    switch (intent) {
      case "create": {
        const image = optional(form, "icon");
        await api.catalog.create({
          kind: kind as never,
          parentId,
          title: values.title,
          description: values.description,
          iconEmoji: values.iconEmoji,
          iconImage: image,
          isRequired: values.isRequired === "yes",
        });
        break;
      }
      case "update": {
        const image = optional(form, "icon");
        await api.catalog.update({
          id,
          title: values.title,
          description: values.description,
          iconEmoji: values.iconEmoji,
          ...(image ? { iconImage: image } : str(form, "removeImage") === "yes" ? { iconImage: null } : {}),
          ...(str(form, "hasRequired") === "yes" ? { isRequired: values.isRequired === "yes" } : {}),
        });
        break;
      }
      case "setActive": {
        const isActive = str(form, "isActive") === "true";
        await api.catalog.setActive({ id, isActive });
        notice = NOTICES[isActive ? "activate" : "deactivate"] ?? notice;
        break;
      }
      case "delete":
        await api.catalog.delete({ id });
        break;
      case "reorder": {
        const order = form.getAll("order").map(String);
        const seen = form.getAll("seen").map(Number);
        await api.catalog.reorder({
          kind: kind as never,
          parentId,
          items: order.map((itemId, i) => ({ id: itemId, seenPosition: seen[i] ?? -1 })),
        });
        break;
      }
      case "import": {
        const text = optional(form, "file");
        if (!text) return fail({ file: "Choose a catalog file (.json) to import." }, 400);
        const result = await api.catalog.import({ text });
        const c = result.counts;
        notice = `Imported ${c.program} program(s) with ${c.skill} skill(s), ${c.mini_badge} mini-badge(s), ${c.capstone} capstone(s) and ${c.progress_badge} progress badge(s).`;
        break;
      }
      default:
        return fail({ form: "Unknown action." }, 400);
    }
  } catch (error) {
    return apiFailure(request, requestId, error, fail);
  }
  return redirect(`/admin/catalog?notice=${encodeURIComponent(notice)}`);
}

// ---------------------------------------------------------------------------------------------

function ChildList({
  label,
  kind,
  parent,
  nodes,
  result,
  busy,
}: {
  label: string;
  kind: CatalogNode["kind"];
  parent: CatalogNode;
  nodes: CatalogNode[];
  result: CatalogActionResult | undefined;
  busy: boolean;
}) {
  return (
    <section aria-label={`${label} of ${parent.title}`} style={{ marginTop: "0.75rem" }}>
      <h3 style={{ margin: "0.25rem 0" }}>{label}</h3>
      {nodes.length === 0 ? <p className="muted">None yet.</p> : null}
      <CatalogSortable
        kind={kind}
        parentId={parent.id}
        items={nodes}
        label={`${label} of ${parent.title}`}
        busy={busy}
        render={(node) => (
          <>
            <ItemEditor node={node} result={result} busy={busy} />
            {node.kind === "skill" ? (
              <div style={{ marginLeft: "1.5rem" }}>
                <ChildList label="Mini-badges" kind="mini_badge" parent={node} nodes={node.miniBadges} result={result} busy={busy} />
              </div>
            ) : null}
          </>
        )}
      />
      {/* Keyed by the count so the form closes and clears once an item was added. */}
      <AddItemForm key={nodes.length} kind={kind} parentId={parent.id} parentTitle={parent.title} result={result} busy={busy} />
    </section>
  );
}

export default function CatalogAdmin() {
  const { programs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as CatalogActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const notice = result ? null : params.get("notice");
  const importErrors = result?.target === "import" ? result.errors : null;

  return (
    <section>
      <h1>Catalog admin</h1>
      <p className="muted">
        Programs hold skills (which hold mini-badges), capstones and progress badges. Deactivating an item hides it and everything under it
        from students; items that were requested or awarded cannot be deleted. Reorder with the arrow buttons or by dragging.
      </p>
      {notice ? <Notice>{notice}</Notice> : null}
      {result?.target === "page" && result.errors.form ? (
        <p className="form-error" role="alert">
          {result.errors.form}
        </p>
      ) : null}

      <div className="cards" style={{ marginBottom: "1rem" }}>
        <section className="card" aria-labelledby="export-heading">
          <h2 id="export-heading">Export</h2>
          <p className="muted">The whole catalog as a JSON file, to move programs to another Missionboard.</p>
          <a className="button" href="/admin/catalog/export" download>
            Download catalog JSON
          </a>
        </section>
        <section className="card" aria-labelledby="import-heading">
          <h2 id="import-heading">Import</h2>
          <p className="muted">
            Adds the file's programs after the existing ones. The whole file is checked first; a program whose title already exists, or any
            problem in the file, refuses the import and nothing is written. Up to {CATALOG_DOCUMENT_MAX_BYTES / 1024 / 1024} MB.
          </p>
          <Form method="post" encType="multipart/form-data" aria-label="Import a catalog">
            <div className="field">
              <label htmlFor="import-file">Catalog file (.json)</label>
              <input id="import-file" type="file" name="file" accept="application/json,.json" />
            </div>
            {importErrors ? (
              <div className="form-error" role="alert">
                {[...new Set(Object.values(importErrors).flatMap((m) => m.split("\n")))].map((line) => (
                  <p key={line} style={{ margin: 0 }}>
                    {line}
                  </p>
                ))}
              </div>
            ) : null}
            <button type="submit" name="intent" value="import" className="button primary" disabled={busy}>
              Import
            </button>
          </Form>
        </section>
      </div>

      <h2>Programs</h2>
      {programs.length === 0 ? <p className="empty">No programs yet: add one below or import a catalog file.</p> : null}
      <CatalogSortable
        kind="program"
        parentId={null}
        items={programs}
        label="Programs"
        busy={busy}
        render={(program) => (
          <div data-program={program.title}>
            <ItemEditor node={program} result={result} busy={busy} />
            <div style={{ marginLeft: "1rem" }}>
              <ChildList label="Skills" kind="skill" parent={program} nodes={program.skills} result={result} busy={busy} />
              <ChildList label="Capstones" kind="capstone" parent={program} nodes={program.capstones} result={result} busy={busy} />
              <ChildList
                label="Progress badges"
                kind="progress_badge"
                parent={program}
                nodes={program.progressBadges}
                result={result}
                busy={busy}
              />
            </div>
          </div>
        )}
      />
      <AddItemForm key={programs.length} kind="program" parentId={null} result={result} busy={busy} />
    </section>
  );
}
