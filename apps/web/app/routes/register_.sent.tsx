import type { MetaFunction } from "@remix-run/node";
import { Link, useSearchParams } from "@remix-run/react";
import { AuthPage } from "../components/auth-page";

export const meta: MetaFunction = () => [{ title: "Check your email · Missionboard" }];

export default function RegisterSent() {
  const [params] = useSearchParams();
  return (
    <AuthPage title="Check your email" footer={<Link to="/login">Back to sign in</Link>}>
      <p>We have sent you a link to confirm your email address. Open it to finish creating your account.</p>
      {params.get("status") === "pending" ? (
        <p>After that, a staff member will approve your account; we will email you when they do.</p>
      ) : null}
      <p className="muted">
        No email after a few minutes? Check your spam folder, or <Link to="/verify-email/resend">send the link again</Link>.
      </p>
    </AuthPage>
  );
}
