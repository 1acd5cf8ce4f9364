import { Form, useActionData, useLocation, useNavigation } from "@remix-run/react";
import { TriangleAlert } from "lucide-react";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { Button, type ButtonSize, type ButtonVariant } from "./button";
import { CONFIRM_KEY_FIELD, CONFIRMED_FIELD, type ConfirmationStep } from "./confirm";
import { LinkButton } from "./link-button";

export interface ConfirmDialogProps {
  /** Unique on the page: ties the server's confirmation step to this form ("delete-<id>"). */
  confirmKey: string;
  /** Hidden fields of the form (`intent`, the item's id…). */
  fields: Record<string, string>;
  /** The form's action (defaults to the current route). */
  action?: string;
  /** The button that starts it ("Delete"). */
  trigger: ReactNode;
  /** The trigger's accessible name when its text alone is ambiguous ("Delete Prompting 101"). */
  triggerLabel?: string;
  triggerVariant?: ButtonVariant;
  triggerSize?: ButtonSize;
  /** The question: "Delete “Prompting 101”?" */
  title: string;
  /** What will happen, in a sentence or two. */
  children: ReactNode;
  /** The confirming button: the action's verb ("Delete"), never "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  /** Inputs sent along (a reason field); what was typed survives the no-JavaScript step. */
  extra?: ReactNode;
  disabled?: boolean;
  /** Shows the confirmation step as if the server had asked (the component gallery). */
  forceStep?: boolean;
}

/**
 * A destructive action that asks first. With JavaScript the first click opens a native modal
 * <dialog> (rendered only then); its confirm button submits the form with `_confirmed=yes`. Without JavaScript the form
 * is sent as it is, the action sees no confirmation (`confirmationRequested(form)` in confirm.ts)
 * and returns the step, and this component renders it in place: the question, and a confirm form
 * carrying the same fields. A route adopts it with that one check in its action.
 */
export function ConfirmDialog({
  confirmKey,
  fields,
  action,
  trigger,
  triggerLabel,
  triggerVariant = "danger",
  triggerSize,
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  extra,
  disabled = false,
  forceStep = false,
}: ConfirmDialogProps) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  // The dialog exists only once asked for, so a page of 50 rows does not carry 50 dialogs.
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (asking && !dialog.current?.open) dialog.current?.showModal();
  }, [asking]);
  const data = useActionData() as { confirmation?: ConfirmationStep } | undefined;
  const location = useLocation();
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" && navigation.formData?.get(CONFIRM_KEY_FIELD) === confirmKey;
  const step = data?.confirmation?.key === confirmKey ? data.confirmation : forceStep ? { key: confirmKey, fields } : null;

  const hidden = (values: Record<string, string>) =>
    Object.entries(values).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);

  if (step)
    return (
      <section className="confirm-step" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} data-confirm-step={confirmKey}>
        <TriangleAlert className="icon confirm-icon" aria-hidden="true" />
        <div>
          <h2 className="confirm-title" id={`${id}-title`}>
            {title}
          </h2>
          <div className="confirm-body" id={`${id}-body`}>
            {children}
          </div>
          <Form method="post" action={action} className="confirm-actions">
            {hidden(step.fields)}
            <input type="hidden" name={CONFIRM_KEY_FIELD} value={confirmKey} />
            <Button type="submit" name={CONFIRMED_FIELD} value="yes" variant="danger" pending={pending}>
              {confirmLabel}
            </Button>
            <LinkButton to={`${location.pathname}${location.search}`} variant="secondary" preventScrollReset>
              {cancelLabel}
            </LinkButton>
          </Form>
        </div>
      </section>
    );

  return (
    <Form
      method="post"
      action={action}
      className="confirm-form"
      onSubmit={(event) => {
        const submitter = (event.nativeEvent as SubmitEvent).submitter;
        if (submitter?.getAttribute("name") === CONFIRMED_FIELD) {
          dialog.current?.close();
          return;
        }
        event.preventDefault();
        setAsking(true);
      }}
    >
      {hidden(fields)}
      <input type="hidden" name={CONFIRM_KEY_FIELD} value={confirmKey} />
      {extra}
      <Button type="submit" variant={triggerVariant} size={triggerSize} pending={pending} disabled={disabled} aria-label={triggerLabel}>
        {trigger}
      </Button>
      {asking ? (
        <dialog
          ref={dialog}
          className="dialog"
          aria-labelledby={`${id}-dialog-title`}
          aria-describedby={`${id}-dialog-body`}
          onClose={() => setAsking(false)}
        >
          <h2 className="confirm-title" id={`${id}-dialog-title`}>
            <TriangleAlert className="icon confirm-icon" aria-hidden="true" />
            {title}
          </h2>
          <div className="confirm-body" id={`${id}-dialog-body`}>
            {children}
          </div>
          <div className="confirm-actions">
            {/* First in the dialog, so showModal() focuses Cancel rather than the destructive button. */}
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
              {cancelLabel}
            </Button>
            <Button type="submit" name={CONFIRMED_FIELD} value="yes" variant="danger">
              {confirmLabel}
            </Button>
          </div>
        </dialog>
      ) : null}
    </Form>
  );
}
