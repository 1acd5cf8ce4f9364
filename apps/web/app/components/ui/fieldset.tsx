import { CircleAlert } from "lucide-react";
import { type InputHTMLAttributes, type ReactNode, useId } from "react";
import { cx } from "./class-names";

interface GroupText {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** `inline` puts short options on one line (they wrap on a phone); `tiles` frames each option. */
  layout?: "stack" | "inline" | "tiles";
}

/**
 * A group of related controls under a legend, with its hint and error tied to the group. Styled as
 * a section of the form (no browser default frame).
 */
export function Fieldset({
  legend,
  hint,
  error,
  layout = "stack",
  children,
  className,
}: GroupText & { children: ReactNode; className?: string }) {
  const id = useId();
  const describedBy = cx(hint ? `${id}-hint` : null, error ? `${id}-error` : null) || undefined;
  return (
    <fieldset className={cx("fieldset", error && "has-error", className)} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className={cx("choices", layout !== "stack" && layout)}>{children}</div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <CircleAlert className="icon" aria-hidden="true" />
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export interface ChoiceOption {
  value: string;
  label: ReactNode;
  /** A second line under the label. */
  hint?: ReactNode;
  disabled?: boolean;
}

/** One radio button or checkbox with its label (and hint) as one click target. */
export function Choice({
  type,
  label,
  hint,
  invalid,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  type: "radio" | "checkbox";
  label: ReactNode;
  hint?: ReactNode;
  invalid?: boolean;
}) {
  const id = useId();
  return (
    <div className="choice-option">
      <input id={id} type={type} aria-invalid={invalid || undefined} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <label htmlFor={id}>
        <span className="choice-label">{label}</span>
        {hint ? (
          <span className="choice-hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
      </label>
    </div>
  );
}

/** Pick one: radio buttons sharing `name`. */
export function RadioGroup({
  name,
  options,
  defaultValue,
  required,
  ...group
}: GroupText & { name: string; options: readonly ChoiceOption[]; defaultValue?: string | undefined; required?: boolean }) {
  return (
    <Fieldset {...group}>
      {options.map((o) => (
        <Choice
          key={o.value}
          type="radio"
          name={name}
          value={o.value}
          label={o.label}
          hint={o.hint}
          disabled={o.disabled}
          defaultChecked={o.value === defaultValue}
          required={required}
          invalid={Boolean(group.error)}
        />
      ))}
    </Fieldset>
  );
}

/** Pick any: checkboxes sharing `name` (the form gets every ticked value). */
export function CheckboxGroup({
  name,
  options,
  defaultValues = [],
  ...group
}: GroupText & { name: string; options: readonly ChoiceOption[]; defaultValues?: readonly string[] }) {
  return (
    <Fieldset {...group}>
      {options.map((o) => (
        <Choice
          key={o.value}
          type="checkbox"
          name={name}
          value={o.value}
          label={o.label}
          hint={o.hint}
          disabled={o.disabled}
          defaultChecked={defaultValues.includes(o.value)}
          invalid={Boolean(group.error)}
        />
      ))}
    </Fieldset>
  );
}

/** A single yes/no checkbox outside a group ("Include personal data"). */
export function Checkbox(props: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { label: ReactNode; hint?: ReactNode }) {
  return <Choice type="checkbox" {...props} />;
}
