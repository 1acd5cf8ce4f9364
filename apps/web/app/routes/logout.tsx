import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { getApi } from "../lib/api.server";
import { clearSessionToken } from "../lib/session.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, user } = await getApi(request, context);
  const form = await request.formData();
  if (user) {
    if (form.get("everywhere") === "1") await api.auth.signOutEverywhere();
    else await api.auth.signOut();
  }
  return redirect("/login", { headers: { "Set-Cookie": await clearSessionToken(request) } });
}
