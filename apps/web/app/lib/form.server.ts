import { data } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { fieldErrorsOf, toRouteError } from "./api.server";

export type FormErrors = Record<string, string>;
export interface FormResult {
  fieldErrors: FormErrors;
  values?: Record<string, string>;
}

const FORM_STATUS: Partial<Record<TRPCError["code"], number>> = { FORBIDDEN: 403, CONFLICT: 409, TOO_MANY_REQUESTS: 429, NOT_FOUND: 404 };

/**
 * What an action returns when the api refused its input: field errors (400) or a form-level
 * message (403/409/429…) shown on the page, keeping what the person typed. Anything else goes to
 * the error boundary (and 401 to the sign-in page) through toRouteError.
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

/** The form's text fields (files dropped), for the api call and for echoing back on errors. */
export function formValues<const N extends string>(form: FormData, names: readonly N[]): Record<N, string> {
  return Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? "")])) as Record<N, string>;
}

/** A check the page makes itself (e.g. two password fields that must match). */
export const fieldError = (field: string, message: string, values: Record<string, string> = {}) =>
  data<FormResult>({ fieldErrors: { [field]: message }, values }, { status: 400 });
