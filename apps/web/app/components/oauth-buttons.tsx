import { Form } from "@remix-run/react";
import { Button } from "./ui/button";

export interface OAuthSignInProps {
  /** Providers offered here (AUTH_PROVIDERS with credentials), in display order. */
  providers: { id: string; label: string }[];
  /** The sentence for a failed Google/Microsoft sign-in (/login?error=<code>), if any. */
  error: string | null;
  /** Whether the email form follows (so the "or" divider makes sense). */
  divider: boolean;
}

/**
 * "Continue with Google / Microsoft". Each button is a full-page POST (reloadDocument), because the
 * answer is a redirect to the provider together with the state cookie.
 */
export function OAuthSignIn({ providers, error, divider }: OAuthSignInProps) {
  if (!providers.length && !error) return null;
  return (
    <>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {providers.map((provider) => (
        <Form key={provider.id} method="post" action={`/auth/${provider.id}`} reloadDocument>
          <Button type="submit" block>
            Continue with {provider.label}
          </Button>
        </Form>
      ))}
      {providers.length && divider ? <p className="divider">or use your email</p> : null}
    </>
  );
}
