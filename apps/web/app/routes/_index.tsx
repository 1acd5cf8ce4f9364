import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { getApi } from "../lib/api.server";
import { HOME_BY_ROLE } from "../lib/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await getApi(request, context);
  throw redirect(user ? HOME_BY_ROLE[user.role] : "/login");
}
