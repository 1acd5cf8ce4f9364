import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { getApi } from "../lib/api.server";
import { landingFor } from "../lib/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user } = await getApi(request, context);
  if (user) throw redirect(landingFor(user));
  throw redirect((await api.setup.status()).needed ? "/setup" : "/login");
}
