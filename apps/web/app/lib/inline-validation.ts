// Inline validation for forms that must also work without JavaScript (ADR 018 and the ADR on live
// parts and artwork): the browser checks fields with the very zod schema the server parses the
// form with (parseInput), through the same @conform-to/zod parsing. A field's error shows once it
// has been left; on submit every field is checked and the first invalid one gets the focus. The
// server still checks everything: this only saves a round trip.
import { parseWithZod } from "@conform-to/zod/v4";
import { type FocusEvent, type FormEvent, useState } from "react";
import type { z } from "zod";
import { forForms } from "./form-coercion";

export interface InlineValidation {
  /** The server's errors (action data), overridden by what the browser found since. */
  errors: Record<string, string | undefined>;
  /** Spread on the <Form>. */
  form: { onBlur: (event: FocusEvent<HTMLFormElement>) => void; onSubmit: (event: FormEvent<HTMLFormElement>) => void };
}

/** First message per field of `form` under `schema`. */
export function fieldErrorsOf(schema: z.ZodType, form: HTMLFormElement): Record<string, string> {
  return formDataErrors(schema, new FormData(form));
}

/** First message per field of a form's data under `schema`, read as the server's parseInput reads it. */
export function formDataErrors(schema: z.ZodType, data: FormData): Record<string, string> {
  const submission = parseWithZod(data, { schema: forForms(schema), disableAutoCoercion: true });
  const errors: Record<string, string> = {};
  if (submission.status !== "error") return errors;
  for (const [name, messages] of Object.entries(submission.error ?? {})) if (name !== "" && messages?.[0]) errors[name] = messages[0];
  return errors;
}

export function useInlineValidation(schema: z.ZodType, serverErrors: Record<string, string | undefined> = {}): InlineValidation {
  const [checked, setChecked] = useState<Record<string, string | null>>({});
  const onBlur = (event: FocusEvent<HTMLFormElement>) => {
    const target = event.target as HTMLElement & { name?: string };
    const name = target.name;
    if (!name || !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement))
      return;
    // An untouched empty field is not an error yet.
    if (target.value === "" && checked[name] === undefined) return;
    // Leaving it for this form's submit button: the submit checks every field anyway, and a message
    // shown now would move the button from under the pointer between press and release, losing the click.
    const next = event.relatedTarget;
    if (next instanceof HTMLButtonElement && next.type === "submit" && next.form === event.currentTarget) return;
    const found = fieldErrorsOf(schema, event.currentTarget);
    setChecked((prev) => ({ ...prev, [name]: found[name] ?? null }));
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const found = fieldErrorsOf(schema, form);
    const names = [...new Set([...form.elements].map((e) => (e as HTMLInputElement).name).filter(Boolean))];
    const first = names.find((n) => found[n]);
    // Nothing to say: the server's answer (its own errors included) decides what shows next.
    if (!first) return setChecked({});
    setChecked(Object.fromEntries(names.map((n) => [n, found[n] ?? null])));
    event.preventDefault();
    (form.elements.namedItem(first) as HTMLElement | null)?.focus?.();
  };
  const errors: Record<string, string | undefined> = { ...serverErrors };
  for (const [name, message] of Object.entries(checked)) errors[name] = message ?? undefined;
  return { errors, form: { onBlur, onSubmit } };
}
