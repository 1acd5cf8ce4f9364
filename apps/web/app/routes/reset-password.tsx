import { ResetPasswordInputSchema, type RouterInputs } from "@missionboard/api";
import { PasswordSchema } from "@missionboard/core";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AuthPage } from "../components/auth-page";
import { Button } from "../components/ui/button";
import { Field } from "../components/ui/field";
import { FormError } from "../components/ui/form-error";
import { getApi } from "../lib/api.server";
import { fieldName } from "../lib/field-name";
import { redirectWithFlash } from "../lib/flash.server";
import { fieldError, formError, parseInput } from "../lib/form.server";
import { useInlineValidation } from "../lib/inline-validation";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Missionboard" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await getApi(request, context);
  const form = await request.formData();
  if (form.get("password") !== form.get("confirm")) return fieldError("confirm", "The two passwords are different.");
  try {
    await api.auth.resetPassword(parseInput(ResetPasswordInputSchema, form));
  } catch (error) {
    return formError(request, requestId, error);
  }
  throw await redirectWithFlash(request, "/login", { kind: "success", message: "Your password is changed. Sign in with the new one." });
}

/** The browser's check of the new password: the password rule of ResetPasswordInputSchema (the token is not typed). */
const NEW_PASSWORD_SCHEMA = z.object({ password: PasswordSchema });
const field = fieldName<RouterInputs["auth"]["resetPassword"]>;

export default function ResetPassword() {
  const [params] = useSearchParams();
  const result = useActionData<typeof action>();
  const { errors, form } = useInlineValidation(NEW_PASSWORD_SCHEMA, result?.fieldErrors ?? {});
  return (
    <AuthPage title="Choose a new password" footer={<Link to="/forgot-password">Ask for a new link</Link>}>
      <FormError message={errors.token ?? errors.form} />
      <Form method="post" noValidate {...form}>
        <input type="hidden" name={field("token")} value={params.get("token") ?? ""} />
        <Field
          label="New password"
          name={field("password")}
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint="At least 10 characters."
        />
        <Field label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" error={errors.confirm} />
        <Button type="submit" variant="primary" pendingLabel="Saving…">
          Save the new password
        </Button>
      </Form>
    </AuthPage>
  );
}
