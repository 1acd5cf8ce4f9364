import { type InputHTMLAttributes, useId } from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: string;
}

/** A labelled input whose error sits next to it and is announced to screen readers. */
export function Field({ label, name, error, hint, ...input }: FieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      {hint && !error ? <p className="hint">{hint}</p> : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The errors of one table row's action (the row's forms share them), announced when they appear. */
export function RowErrors({ errors }: { errors: Record<string, string> | null | undefined }) {
  if (!errors) return null;
  return Object.entries(errors).map(([field, message]) => (
    <p key={field} className="field-error" role="alert">
      {message}
    </p>
  ));
}
