import { CircleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { Flash } from "./flash";

/** The form-level message (field errors sit next to their fields), announced when it appears. */
export function FormError({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      <CircleAlert className="icon" aria-hidden="true" />
      {message}
    </p>
  );
}

/** A success message after an action (a Flash of tone "success"). */
export function Notice({ children }: { children: ReactNode }) {
  return <Flash tone="success">{children}</Flash>;
}
