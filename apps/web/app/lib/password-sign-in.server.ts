// Sign-in with email and password through remix-auth's FormStrategy (remix-auth-form). The
// strategy reads the posted form; its verify callback signs in through the api, which owns the
// rate limits, the audit entry and every message a person sees. See
// docs/decisions/010-remix-auth-packages.md.
import { type Caller, SignInInputSchema } from "@missionboard/api";
import { FormStrategy } from "remix-auth-form";
import { parseInput } from "./form.server";

/** What a successful sign-in gives the web app: the session token for its cookie, and the account's status. */
export type PasswordSignIn = Awaited<ReturnType<Caller["auth"]["signIn"]>>;

/**
 * The strategy for one request. remix-auth v4 hands verify only the form and the request, so it
 * closes over this request's api caller, which carries the client address the rate limits key on.
 * Refusals (wrong password, too many attempts, unconfirmed email) are thrown unchanged for the
 * page to show.
 */
export function passwordStrategy(api: { auth: Pick<Caller["auth"], "signIn"> }): FormStrategy<PasswordSignIn> {
  return new FormStrategy(({ form }) => api.auth.signIn(parseInput(SignInInputSchema, form)));
}
