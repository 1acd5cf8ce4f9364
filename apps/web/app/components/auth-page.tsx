import type { ReactNode } from "react";
import { Field } from "./ui/field";

/** The centred card every signed-out page uses. */
export function AuthPage({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="centered">
      <section className="card auth-card">
        <p className="brand-mark">Missionboard</p>
        <h1>{title}</h1>
        {children}
        {footer ? <div className="auth-footer">{footer}</div> : null}
      </section>
    </main>
  );
}

/** The email field of the sign-in, registration, setup and link forms: one label, type and autocomplete for all. */
export function EmailField({ name, value, error }: { name: string; value: string | undefined; error: string | undefined }) {
  return <Field label="Email" name={name} type="email" autoComplete="email" defaultValue={value} error={error} />;
}
