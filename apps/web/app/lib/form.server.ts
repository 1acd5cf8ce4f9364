// Forms and query strings in, typed procedure inputs out. Each is parsed with the zod schema the
// procedure itself checks (exported from @missionboard/api), through @conform-to/zod's coercion of
// form values (text → number, boolean, date; empty → absent), so the parsed value has the
// procedure's input type: no casts, and a renamed field or enum value fails to compile.
// See docs/decisions/018-typed-forms-and-flash.md.
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { fieldErrorsOf, toRouteError } from "./api.server";
import { forForms, forQueries } from "./form-coercion";

export type FormErrors = Record<string, string>;
export interface FormResult {
  fieldErrors: FormErrors;
  values?: Record<string, string>;
}

/** Form values the route has already shaped (e.g. a textarea split into lines), or the form itself. */
export type FormPayload = FormData | URLSearchParams | Record<string, unknown>;

/**
 * The procedure's input from a posted form, or a BAD_REQUEST carrying the zod issues, exactly as
 * the procedure would have refused it: formError / apiFailure show it next to each field (400).
 * Call it inside the action's try, like the procedure call it feeds.
 */
export function parseInput<S extends z.ZodType>(schema: S, payload: FormPayload): z.output<S> {
  const result = safeParse(forForms(schema), payload);
  if (result.success) return result.data;
  const { issues } = result.error;
  throw new TRPCError({ code: "BAD_REQUEST", message: issues[0]?.message ?? "Invalid input.", cause: new InvalidInputError(issues) });
}

/** The cause of a refused form: its zod issues, as tRPC's own input validation error carries them. */
class InvalidInputError extends Error {
  override name = "InvalidInputError";
  constructor(readonly issues: readonly z.core.$ZodIssue[]) {
    super(issues[0]?.message ?? "Invalid input.");
  }
}

function safeParse<T>(coerced: z.ZodType<T>, payload: FormPayload) {
  if (!(payload instanceof FormData || payload instanceof URLSearchParams)) return coerced.safeParse(payload);
  // conform turns repeated and dotted names into arrays and objects; its own `__intent__` field is not used here.
  const submission = parseWithZod(payload, {
    schema: coerced,
    disableAutoCoercion: true,
    formatError: (issues: z.core.$ZodIssue[]) => issues,
  });
  if (submission.status === "success") return { success: true as const, data: submission.value };
  const issues = Object.values(submission.error ?? {}).flatMap((list) => list ?? []);
  const fallback: z.core.$ZodIssue = { code: "custom", path: [], message: "This form could not be read.", input: undefined };
  return { success: false as const, error: new z.ZodError(issues.length ? issues : [fallback]) };
}

/** A query string's filters, sort and page, with the values it had to ignore (by field). */
export interface SearchInput<T> {
  value: T;
  ignored: FormErrors;
}

/**
 * A list page's query string parsed with the procedure's schema. A value the schema refuses
 * (`?page=-5`, `?sort=evil`) is dropped, so its default applies, and named in `ignored` for the
 * page to say so: a hand-edited or stale link never gives an error page. Only the schema's fields
 * are read (so e.g. pageSize stays the route's unless it leaves it in); `names` maps a field to
 * the query parameter that carries it when they differ (`{ search: "q" }`). A schema derived from
 * the procedure's (`.omit({ pageSize: true })`) is made once, at module scope: conform's coercion and
 * zod's compiled parser are kept per schema object, so a schema made per request was built and
 * compiled again on every request (about 4 % of My missions' CPU).
 */
export function parseSearch<S extends z.ZodObject>(
  params: URLSearchParams,
  schema: S,
  names: { readonly [K in keyof S["shape"] & string]?: string } = {},
): SearchInput<z.output<S>> {
  const fields = Object.keys(schema.shape);
  const input = new URLSearchParams();
  for (const field of fields) {
    const name = (names as Record<string, string | undefined>)[field] ?? field;
    for (const value of params.getAll(name)) input.append(field, value);
  }
  const ignored: FormErrors = {};
  // Each round drops at least one field, so this ends; with every field dropped only the defaults remain.
  for (let round = 0; round <= fields.length; round++) {
    const result = safeParse(forQueries(schema), input);
    if (result.success) return { value: result.data, ignored };
    const refused = new Set(result.error.issues.map((issue) => String(issue.path[0] ?? "")));
    const dropped = fields.filter((field) => refused.has(field) && input.has(field));
    if (dropped.length === 0) break;
    for (const field of dropped) {
      ignored[field] ??= result.error.issues.find((issue) => issue.path[0] === field)?.message ?? "Not a valid value.";
      input.delete(field);
    }
  }
  // Only a schema whose defaults do not parse (a required filter) gets here: a programming error.
  throw new Error(`The query string schema has a required field: ${fields.join(", ")}`);
}

const FORM_STATUS: Partial<Record<TRPCError["code"], number>> = { FORBIDDEN: 403, CONFLICT: 409, TOO_MANY_REQUESTS: 429, NOT_FOUND: 404 };

/**
 * What an action returns when its input was refused (by parseInput or by the api): field errors
 * (400) or a form-level message (403/409/429…) shown on the page, keeping what the person typed.
 * Anything else goes to the error boundary (and 401 to the sign-in page) through toRouteError.
 */
export function formError(
  request: Request,
  requestId: string,
  error: unknown,
  values: Record<string, string> = {},
  options: { unauthorized?: boolean } = {},
) {
  return apiFailure(request, requestId, error, (fieldErrors, status) => data<FormResult>({ fieldErrors, values }, { status }), options);
}

/**
 * The same sorting for pages whose action result has its own shape: field errors (400) and
 * form-level refusals (403/404/409/429) go to `fail`; anything else to the error boundary.
 */
export function apiFailure<T>(
  request: Request,
  requestId: string,
  error: unknown,
  fail: (errors: FormErrors, status: number) => T,
  options: { unauthorized?: boolean } = {},
): T {
  const fieldErrors = fieldErrorsOf(error);
  if (fieldErrors) return fail(fieldErrors, 400);
  if (error instanceof TRPCError) {
    const status = error.code === "UNAUTHORIZED" && options.unauthorized ? 401 : FORM_STATUS[error.code];
    if (status) return fail({ form: error.message }, status);
  }
  return toRouteError(request, requestId)(error);
}

/** The form's text fields (files dropped), for echoing back on errors. */
export function formValues<const N extends string>(form: FormData, names: readonly N[]): Record<N, string> {
  return Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? "")])) as Record<N, string>;
}

/** A check the page makes itself (e.g. two password fields that must match). */
export const fieldError = (field: string, message: string, values: Record<string, string> = {}) =>
  data<FormResult>({ fieldErrors: { [field]: message }, values }, { status: 400 });
