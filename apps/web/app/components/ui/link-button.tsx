import { Link, type LinkProps } from "@remix-run/react";
import type { LucideIcon } from "lucide-react";
import { type ButtonLook, buttonClass } from "./button";

export interface LinkButtonProps extends LinkProps, ButtonLook {
  icon?: LucideIcon | undefined;
}

/** A link (navigation, GET) that looks like a button; actions that change data stay buttons in forms. */
export function LinkButton({ variant, size, block, icon: Icon, className, children, ...rest }: LinkButtonProps) {
  return (
    <Link className={buttonClass({ variant, size, block }, className)} {...rest}>
      {Icon ? <Icon className="icon" aria-hidden="true" /> : null}
      {children}
    </Link>
  );
}
