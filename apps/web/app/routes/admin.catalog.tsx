import {
  CatalogDeleteInputSchema,
  CatalogImportInputSchema,
  CreateItemInputSchema,
  MissionRuleInputSchema,
  MoveInputSchema,
  type RouterInputs,
  SetActiveInputSchema,
  UpdateItemInputSchema,
} from "@missionboard/api";
import { CATALOG_DOCUMENT_MAX_BYTES, ICON_IMAGE_MAX_BYTES, ITEM_KINDS, sniffImageType } from "@missionboard/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FileDown, FileUp } from "lucide-react";
import { CatalogBreadcrumbs, CatalogPager, catalogHref } from "../components/catalog-browse";
import { AddItemForm, type CatalogActionResult, createTarget, ItemEditor, RowActions } from "../components/catalog-forms";
import { type CatalogEntry, CatalogIcon, type CatalogLevel, CatalogStatus, childSummary, KIND_NAMES } from "../components/catalog-icon";
import { CatalogSortable } from "../components/catalog-sortable";
import { MissionRuleCard } from "../components/mission-rule-form";
import { Button } from "../components/ui/button";
import { confirmationRequested } from "../components/ui/confirm";
import { IgnoredFilters } from "../components/ui/filter-form";
import { Notice } from "../components/ui/form-error";
import { toRouteError } from "../lib/api.server";
import { ArtworkRefused, rasteriseUploadedSvg } from "../lib/artwork.server";
import { requireUser } from "../lib/auth.server";
import { catalogLevelInput } from "../lib/catalog-level.server";
import type { FieldOf } from "../lib/field-name";
import { redirectWithFlash } from "../lib/flash.server";
import { apiFailure, parseInput } from "../lib/form.server";
import { formatNumber } from "../lib/number-format";
import { artworkFile, jsonFile, receiveUpload, type UploadLimits } from "../lib/upload.server";

const BASE = "/admin/catalog";

export const meta: MetaFunction = () => [{ title: "Catalog admin · Missionboard" }];

/**
 * One level of the catalog: the root (programs) or one item with a page of each list under it.
 * `?item=<id>&list=<kind>&page=<n>`; every list is paged, so the page is bounded whatever the
 * size of the catalog.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const { value, ignored } = catalogLevelInput(request.url);
  const level = await api.catalog.level(value).catch(toRouteError(request, requestId));
  // A mini-badge or capstone may be earned through missions (ADR 029): its rule and a bounded mission list.
  const kind = level.item?.kind;
  const missionQ = (new URL(request.url).searchParams.get("missionQ") ?? "").slice(0, 100);
  const missionRule =
    level.item && (kind === "mini_badge" || kind === "capstone")
      ? await api.missionBadge.rule({ itemId: level.item.id, q: missionQ || undefined }).catch(toRouteError(request, requestId))
      : null;
  return { level, ignored, missionRule, missionQ };
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
      accept: artworkFile,
      tooLarge: "The artwork image must be 256 KB or smaller.",
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
  if (icon) form.set("icon", artworkDataUrl(icon));
  const file = upload.files.file?.data;
  if (file) form.set("file", new TextDecoder().decode(file));
  return form;
}

/** An uploaded artwork file as the data: URL stored: a raster as it is, an SVG rasterised (never kept as SVG). */
function artworkDataUrl(bytes: Uint8Array): string {
  const type = sniffImageType(bytes);
  if (type) return `data:image/${type};base64,${Buffer.from(bytes).toString("base64")}`;
  try {
    return rasteriseUploadedSvg(bytes);
  } catch (error) {
    if (error instanceof ArtworkRefused) throw new UploadRefused(400, error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------

const str = (form: FormData, key: string) => {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
};
const optional = (form: FormData, key: string) => (str(form, key).trim() === "" ? null : str(form, key));

/** What the next page says after a change (through the flash cookie, never the URL). */
const NOTICES = {
  create: "Added.",
  update: "Saved.",
  activate: "Activated: students can see it again (if its parents are active).",
  deactivate: "Deactivated: students no longer see it or anything under it.",
  delete: "Deleted.",
  move: "Moved.",
  setRule: "Mission rule saved.",
  clearRule: "Mission rule removed: the badge is earned by request only. Awards already made stand.",
} as const;

/** The fields each form sends, checked against the procedures' inputs so a renamed field fails to compile. */
type Fields<P extends keyof RouterInputs["catalog"]> = Partial<Record<FieldOf<RouterInputs["catalog"][P]>, unknown>>;

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
  const kind = ITEM_KINDS.find((k) => k === str(form, "kind"));
  const parentId = optional(form, "parentId");
  const target =
    intent === "create" && kind
      ? createTarget(kind, parentId)
      : intent === "import"
        ? "import"
        : intent === "setRule" || intent === "clearRule"
          ? "missionRule"
          : id || "page";
  const values = {
    title: str(form, "title"),
    description: str(form, "description"),
    criteria: str(form, "criteria"),
    iconEmoji: str(form, "iconEmoji"),
    isRequired: str(form, "isRequired"),
    kind: str(form, "ruleKind"),
    n: str(form, "n"),
    week: str(form, "week"),
  };
  const fail = (errors: Record<string, string>, status: number) =>
    data<CatalogActionResult>({ intent, target, errors, values }, { status });
  // Back to the page the form was on (its item, list and page), unless said otherwise below.
  const here = catalogLevelInput(request.url).value;
  let next = `${BASE}${new URL(request.url).search}`;
  let done: keyof typeof NOTICES;
  try {
    switch (intent) {
      case "create": {
        const input = parseInput(CreateItemInputSchema, {
          kind: str(form, "kind"),
          parentId,
          title: values.title,
          description: values.description,
          criteria: values.criteria,
          iconEmoji: values.iconEmoji,
          iconImage: optional(form, "icon"),
          isRequired: values.isRequired === "yes",
        } satisfies Fields<"create">);
        await api.catalog.create(input);
        // New items go last: show the last page of the list they joined.
        next = catalogHref(BASE, input.parentId, { kind: input.kind, page: "last" });
        done = "create";
        break;
      }
      case "update": {
        const image = optional(form, "icon");
        const fields: Fields<"update"> = {
          id,
          title: values.title,
          description: values.description,
          criteria: values.criteria,
          iconEmoji: values.iconEmoji,
          ...(image ? { iconImage: image } : str(form, "removeImage") === "yes" ? { iconImage: null } : {}),
          ...(str(form, "hasRequired") === "yes" ? { isRequired: values.isRequired === "yes" } : {}),
        };
        await api.catalog.update(parseInput(UpdateItemInputSchema, fields));
        done = "update";
        break;
      }
      case "setActive": {
        const input = parseInput(SetActiveInputSchema, form);
        await api.catalog.setActive(input);
        done = input.isActive ? "activate" : "deactivate";
        break;
      }
      case "delete": {
        // Without JavaScript the ConfirmDialog's first submit arrives unconfirmed: ask in place.
        const step = confirmationRequested(form);
        if (step) return data<CatalogActionResult>({ intent, target, errors: {}, values, ...step });
        await api.catalog.delete(parseInput(CatalogDeleteInputSchema, form));
        done = "delete";
        // The page's own item is gone: go to its parent.
        if (id === here.itemId) next = catalogHref(BASE, parentId);
        break;
      }
      case "move": {
        // ↑ / ↓ send `place`; "Move" (or Enter) sends the position field.
        const place = Number(str(form, "place") || str(form, "position"));
        if (!Number.isInteger(place) || place < 1) return fail({ form: "Give the new position as a whole number from 1." }, 400);
        await api.catalog.move(
          parseInput(MoveInputSchema, { id, seenPosition: str(form, "seenPosition"), to: place - 1 } satisfies Fields<"move">),
        );
        done = "move";
        break;
      }
      case "setRule": {
        const whole = (key: string) => (str(form, key).trim() === "" ? null : Number(str(form, key)));
        const input = parseInput(MissionRuleInputSchema, {
          itemId: id,
          kind: values.kind,
          n: whole("n"),
          week: whole("week"),
          missionIds: form.getAll("missionIds").filter((v): v is string => typeof v === "string"),
        });
        const saved = await api.missionBadge.setRule(input);
        const awarded = saved.awarded;
        return redirectWithFlash(request, next, {
          kind: "success",
          message: `${NOTICES.setRule} ${saved.description}.${awarded > 0 ? ` ${awarded} learner${awarded === 1 ? "" : "s"} already satisfied it and got the badge.` : ""}`,
        });
      }
      case "clearRule": {
        await api.missionBadge.clearRule({ itemId: id });
        done = "clearRule";
        break;
      }
      case "import": {
        const text = optional(form, "file");
        if (!text) return fail({ file: "Choose a catalog file (.json) to import." }, 400);
        const result = await api.catalog.import(parseInput(CatalogImportInputSchema, { text } satisfies Fields<"import">));
        const c = result.counts;
        return data<CatalogActionResult>({
          intent,
          target,
          errors: {},
          notice: `Imported ${c.program} program(s) with ${c.skill} skill(s), ${c.mini_badge} mini-badge(s), ${c.capstone} capstone(s) and ${c.progress_badge} progress badge(s).`,
        });
      }
      default:
        return fail({ form: "Unknown action." }, 400);
    }
  } catch (error) {
    return apiFailure(request, requestId, error, fail);
  }
  return redirectWithFlash(request, next, { kind: "success", message: NOTICES[done] });
}

// ---------------------------------------------------------------------------------------------

/** One list under the page's item (or the programs at the root): a page of rows, a pager, an add form. */
function ChildList({
  list,
  parent,
  result,
  busy,
}: {
  list: CatalogLevel["lists"][number];
  parent: CatalogEntry | null;
  result: CatalogActionResult | undefined;
  busy: boolean;
}) {
  const names = KIND_NAMES[list.kind];
  const label = parent ? `${names.many} of ${parent.title}` : names.many;
  return (
    <section aria-label={label} style={{ marginTop: "1rem" }}>
      <h2 style={{ margin: "0.25rem 0" }}>
        {names.many} <span className="muted">({formatNumber(list.total)})</span>
      </h2>
      {list.total === 0 ? <p className="muted">None yet.</p> : null}
      <CatalogSortable
        rows={list.items}
        total={list.total}
        label={label}
        busy={busy}
        render={(row) => (
          <div>
            <div className="inline-row">
              <CatalogIcon node={row} size={24} />
              <Link to={catalogHref(BASE, row.id)}>
                <strong>{row.title}</strong>
              </Link>
              {row.kind === "capstone" ? <span className="muted">{row.isRequired ? "required" : "optional"}</span> : null}
              <CatalogStatus node={row} />
            </div>
            {childSummary(row.childCounts) ? <p className="muted">{childSummary(row.childCounts)}</p> : null}
            <RowActions node={row} result={result} busy={busy} />
          </div>
        )}
      />
      <CatalogPager base={BASE} itemId={parent?.id ?? null} list={list} />
      {/* Keyed by the count so the form closes and clears once an item was added. */}
      <AddItemForm
        key={list.total}
        kind={list.kind}
        parentId={parent?.id ?? null}
        parentTitle={parent?.title}
        result={result}
        busy={busy}
      />
    </section>
  );
}

function ExportImport({ importErrors, busy }: { importErrors: Record<string, string> | null; busy: boolean }) {
  return (
    <div className="cards forms catalog-transfer">
      <section className="card" aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
        <p className="muted">The whole catalog as a JSON file, to move programs to another Missionboard.</p>
        <a className="button" href="/admin/catalog/export" download>
          <FileDown className="icon" aria-hidden="true" />
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
          <Button type="submit" name="intent" value="import" variant="primary" icon={FileUp} disabled={busy}>
            Import
          </Button>
        </Form>
      </section>
    </div>
  );
}

export default function CatalogAdmin() {
  const { level, ignored, missionRule, missionQ } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as CatalogActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const notice = result?.notice;
  const importErrors = result?.target === "import" && Object.keys(result.errors).length ? result.errors : null;
  const item = level.item;

  return (
    <section>
      <h1>Catalog admin</h1>
      <CatalogBreadcrumbs base={BASE} level={level} />
      {item ? null : (
        <p className="muted">
          Programs hold skills (which hold mini-badges), capstones and progress badges: open an item to edit it and what is under it.
          Deactivating an item hides it and everything under it from students; items that were requested or awarded cannot be deleted.
          Reorder with the arrow buttons, a position number, or by dragging.
        </p>
      )}
      <IgnoredFilters ignored={ignored} labels={{ itemId: "Item", kind: "List", page: "Page" }} />
      {notice ? <Notice>{notice}</Notice> : null}
      {result?.target === "page" && result.errors.form ? (
        <p className="form-error" role="alert">
          {result.errors.form}
        </p>
      ) : null}
      {item ? (
        <div className="card" data-item-id={item.id}>
          <ItemEditor node={item} result={result} busy={busy} />
          {childSummary(item.childCounts) ? <p className="muted">{childSummary(item.childCounts)}</p> : null}
        </div>
      ) : null}
      {item && missionRule ? <MissionRuleCard itemId={item.id} view={missionRule} query={missionQ} result={result} busy={busy} /> : null}
      {item ? null : <ExportImport importErrors={importErrors} busy={busy} />}
      {level.lists.map((list) => (
        <ChildList key={list.kind} list={list} parent={item} result={result} busy={busy} />
      ))}
    </section>
  );
}
