import { type ActionFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { AuthPage } from "../components/auth-page";
import { FormError } from "../components/form-error";
import { getApi } from "../lib/api.server";
import { formError } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email · Missionboard" }];

// The link opens a page with a button rather than confirming on GET, so mail scanners that
// prefetch links cannot use the token up.
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await getApi(request, context);
  const form = await request.formData();
  try {
    await api.auth.verifyEmail({ token: String(form.get("token") ?? "") });
  } catch (error) {
    return formError(request, requestId, error);
  }
  throw redirect("/login?notice=verified");
}

export default function VerifyEmail() {
  const [params] = useSearchParams();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.fieldErrors ?? {};
  return (
    <AuthPage title="Confirm your email" footer={<Link to="/verify-email/resend">Send a new link</Link>}>
      <FormError message={errors.token ?? errors.form} />
      <Form method="post">
        <input type="hidden" name="token" value={params.get("token") ?? ""} />
        <button type="submit" className="button primary">
          Confirm my email
        </button>
      </Form>
    </AuthPage>
  );
}
