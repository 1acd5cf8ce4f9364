import type { ReactNode } from "react";

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
