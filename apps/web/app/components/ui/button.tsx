import { useFetchers, useNavigation } from "@remix-run/react";
import { LoaderCircle, type LucideIcon } from "lucide-react";
import { type ButtonHTMLAttributes, type ReactNode, useRef } from "react";
import { cx } from "./class-names";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";
export type ButtonSize = "sm" | "md" | "lg";

export interface ButtonLook {
  variant?: ButtonVariant | undefined;
  size?: ButtonSize | undefined;
  /** Full width of its container. */
  block?: boolean | undefined;
}

/**
 * The classes of a button or a link that looks like one. `secondary` is the plain `.button`, so
 * markup written as `className="button primary"` stays in step with the component.
 */
export function buttonClass({ variant = "secondary", size = "md", block = false }: ButtonLook, extra?: string): string {
  return cx("button", variant !== "secondary" && variant, size !== "md" && `size-${size}`, block && "block", extra);
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement>, ButtonLook {
  /** A decorative icon before the label (the label names the action). */
  icon?: LucideIcon | undefined;
  /**
   * Shows a spinner and disables the button while its form is being sent. A submit button works
   * this out itself from the navigation and fetchers (its own form, with the same hidden fields
   * and its own name/value); pass it to decide otherwise.
   */
  pending?: boolean | undefined;
  /** The label while pending ("Saving…"); defaults to the usual label. */
  pendingLabel?: ReactNode;
}

/** A button: `type` defaults to "button", so submitting is always written out (`type="submit"`). */
export function Button({
  variant,
  size,
  block,
  icon: Icon,
  pending: pendingProp,
  pendingLabel,
  className,
  children,
  disabled,
  type = "button",
  ...rest
}: ButtonProps) {
  const ref = useRef<HTMLButtonElement>(null);
  const submitting = useSubmitting(ref.current, type === "submit" && pendingProp === undefined);
  const pending = pendingProp ?? submitting;
  return (
    <button
      ref={ref}
      type={type}
      className={buttonClass({ variant, size, block }, className)}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      data-pending={pending || undefined}
      {...rest}
    >
      {pending ? <LoaderCircle className="icon spin" aria-hidden="true" /> : Icon ? <Icon className="icon" aria-hidden="true" /> : null}
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

interface Submission {
  state: string;
  formAction?: string | undefined;
  formData?: FormData | undefined;
}

/** Whether a submission in flight came from this button's form (and, when it has a name, from this button). */
export function isFromButton(button: HTMLButtonElement, submission: Submission): boolean {
  const form = button.form;
  if (submission.state !== "submitting" || !submission.formData || !submission.formAction || !form) return false;
  const action = new URL(form.action || window.location.href, window.location.href);
  const sent = new URL(submission.formAction, window.location.href);
  if (action.pathname !== sent.pathname) return false;
  const data = submission.formData;
  // Forms of one page often differ only in hidden fields (a row's id, an intent).
  for (const input of form.querySelectorAll<HTMLInputElement>("input[type=hidden][name]"))
    if (data.get(input.name) !== input.value) return false;
  if (button.name && data.get(button.name) !== button.value) return false;
  return true;
}

/** A submit button's own pending state from Remix's navigation and fetchers. */
function useSubmitting(button: HTMLButtonElement | null, enabled: boolean): boolean {
  const navigation = useNavigation();
  const fetchers = useFetchers();
  if (!enabled || !button) return false;
  return isFromButton(button, navigation) || fetchers.some((f) => isFromButton(button, f));
}
