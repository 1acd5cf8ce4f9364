import { CircleAlert } from "lucide-react";
import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from "react";
import { cx } from "./class-names";

interface FieldText {
  label: ReactNode;
  name: string;
  error?: string | undefined;
  hint?: ReactNode;
}

/** The ids and ARIA a labelled control needs: its hint and error describe it; an error marks it invalid. */
function useFieldA11y(error: string | undefined, hint: ReactNode) {
  const id = useId();
  const describedBy = cx(hint ? `${id}-hint` : null, error ? `${id}-error` : null) || undefined;
  return { id, control: { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy } } as const;
}

function FieldFrame({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint: ReactNode;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={cx("field", error && "has-error")}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <CircleAlert className="icon" aria-hidden="true" />
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name">, FieldText {}

/** A labelled input; its hint and error are tied to it (aria-describedby) and announced with it. */
export function Field({ label, name, error, hint, className, ...input }: FieldProps) {
  const { id, control } = useFieldA11y(error, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input name={name} className={className} {...control} {...input} />
    </FieldFrame>
  );
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "name">, FieldText {
  children: ReactNode;
}

/** A labelled select (its `<option>`s are the children). */
export function SelectField({ label, name, error, hint, children, ...select }: SelectFieldProps) {
  const { id, control } = useFieldA11y(error, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select name={name} {...control} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

interface TextareaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">, FieldText {}

/** A labelled multi-line text field. */
export function TextareaField({ label, name, error, hint, ...textarea }: TextareaFieldProps) {
  const { id, control } = useFieldA11y(error, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea name={name} {...control} {...textarea} />
    </FieldFrame>
  );
}

/** The errors of one table row's action (the row's forms share them), announced when they appear. */
export function RowErrors({ errors }: { errors: Record<string, string> | null | undefined }) {
  if (!errors) return null;
  return Object.entries(errors).map(([field, message]) => (
    <p key={field} className="field-error" role="alert">
      <CircleAlert className="icon" aria-hidden="true" />
      {message}
    </p>
  ));
}
