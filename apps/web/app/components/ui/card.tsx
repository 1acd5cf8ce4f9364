import { type HTMLAttributes, type ReactNode, useId } from "react";
import { cx } from "./class-names";

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, "title"> {
  /** The card's heading; the section is named by it. */
  title?: ReactNode;
  headingLevel?: 2 | 3;
  /** Controls at the heading's end (a link, a button). */
  actions?: ReactNode;
  /** Removes the inner padding (a table that runs to the card's edges). */
  flush?: boolean;
}

/** A surface for one topic: a titled section with optional actions. */
export function Card({ title, headingLevel = 2, actions, flush = false, className, children, ...rest }: CardProps) {
  const id = useId();
  const Heading = headingLevel === 3 ? "h3" : "h2";
  return (
    <section className={cx("card", flush && "flush", className)} aria-labelledby={title ? `${id}-title` : undefined} {...rest}>
      {title || actions ? (
        <header className="card-header">
          {title ? (
            <Heading className="card-title" id={`${id}-title`}>
              {title}
            </Heading>
          ) : null}
          {actions ? <div className="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}
