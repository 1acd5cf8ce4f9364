import type { RouterInputs } from "@missionboard/api";
import { OnboardingInputSchema } from "@missionboard/core";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthPage } from "../components/auth-page";
import { TermsText } from "../components/terms";
import { Button } from "../components/ui/button";
import { Field } from "../components/ui/field";
import { FormError } from "../components/ui/form-error";
import { landingFor, requireSession } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { formError, formValues, parseInput } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Welcome · Missionboard" }];

/** Every new account onboards first, pending approval or not (docs/product/identity.md §I-4). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  if (user.onboarded) throw redirect(landingFor(user));
  return { name: user.name };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, user, requestId } = await requireSession(request, context);
  const form = await request.formData();
  const values = formValues(form, ["displayName", "substackEmail", "meetupEmail"]);
  try {
    await api.profile.completeOnboarding(parseInput(OnboardingInputSchema, form));
  } catch (error) {
    return formError(request, requestId, error, values);
  }
  // A pending account now waits for staff, who see these answers when they decide.
  throw redirect(landingFor({ ...user, onboarded: true }));
}

const field = fieldName<RouterInputs["profile"]["completeOnboarding"]>;

export default function Onboarding() {
  const { name } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.fieldErrors ?? {};
  return (
    <AuthPage title={`Welcome, ${name}`}>
      <p className="muted">A few details before you start. You can change them later from your profile.</p>
      <Form method="post" noValidate>
        <FormError message={errors.form} />
        <Field
          label="Display name"
          name={field("displayName")}
          maxLength={50}
          defaultValue={result?.values?.displayName}
          error={errors.displayName}
          hint="3–50 characters: letters, numbers, _ and -. Shown to staff."
        />
        <Field
          label="Substack email (optional)"
          name={field("substackEmail")}
          type="email"
          defaultValue={result?.values?.substackEmail}
          error={errors.substackEmail}
        />
        <Field
          label="Meetup email (optional)"
          name={field("meetupEmail")}
          type="email"
          defaultValue={result?.values?.meetupEmail}
          error={errors.meetupEmail}
        />
        <details className="terms">
          <summary>Privacy policy and terms</summary>
          <TermsText />
        </details>
        <div className="checkbox">
          <input id="consent" type="checkbox" name={field("consent")} aria-invalid={errors.consent ? true : undefined} />
          <label htmlFor="consent">I agree to the terms of service and the privacy policy</label>
        </div>
        {errors.consent ? <p className="field-error">{errors.consent}</p> : null}
        <Button type="submit" variant="primary" disabled={busy}>
          Complete registration
        </Button>
      </Form>
    </AuthPage>
  );
}
