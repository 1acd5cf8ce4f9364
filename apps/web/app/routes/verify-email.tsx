import { type RouterInputs, VerifyEmailInputSchema } from "@missionboard/api";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { AuthPage } from "../components/auth-page";
import { Button } from "../components/ui/button";
import { FormError } from "../components/ui/form-error";
import { getApi } from "../lib/api.server";
import { fieldName } from "../lib/field-name";
import { redirectWithFlash } from "../lib/flash.server";
import { formError, parseInput } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email · Missionboard" }];

// The link opens a page with a button rather than confirming on GET, so mail scanners that
// prefetch links cannot use the token up.
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await getApi(request, context);
  const form = await request.formData();
  try {
    await api.auth.verifyEmail(parseInput(VerifyEmailInputSchema, form));
  } catch (error) {
    return formError(request, requestId, error);
  }
  throw await redirectWithFlash(request, "/login", { kind: "success", message: "Your email is confirmed. You can sign in now." });
}

const field = fieldName<RouterInputs["auth"]["verifyEmail"]>;

export default function VerifyEmail() {
  const [params] = useSearchParams();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.fieldErrors ?? {};
  return (
    <AuthPage title="Confirm your email" footer={<Link to="/verify-email/resend">Send a new link</Link>}>
      <FormError message={errors.token ?? errors.form} />
      <Form method="post">
        <input type="hidden" name={field("token")} value={params.get("token") ?? ""} />
        <Button type="submit" variant="primary">
          Confirm my email
        </Button>
      </Form>
    </AuthPage>
  );
}
