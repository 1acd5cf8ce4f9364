import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { AuthPage } from "../components/auth-page";
import { Button } from "../components/ui/button";
import { gateFor, landingFor, requireSession } from "../lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Waiting for approval · Missionboard" }];

/** The only page a pending user can see once onboarded (before that, onboarding). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const gate = gateFor(user);
  if (gate !== "/pending") throw redirect(gate ?? landingFor(user));
  return null;
}

export default function Pending() {
  return (
    <AuthPage title="Waiting for approval">
      <p>
        Thanks for registering. A staff member will review your account and your answers soon, and we will email you when it is approved.
      </p>
      <Form method="post" action="/logout">
        <Button type="submit">Sign out</Button>
      </Form>
    </AuthPage>
  );
}
