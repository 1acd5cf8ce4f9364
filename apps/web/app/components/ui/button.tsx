import { LoaderCircle, type LucideIcon } from "lucide-react";
import type { ButtonHTMLAttributes, ReactNode } from "react";
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
  /** Shows a spinner and disables the button while its form is being sent. */
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
  pending = false,
  pendingLabel,
  className,
  children,
  disabled,
  type = "button",
  ...rest
}: ButtonProps) {
  return (
    <button
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
