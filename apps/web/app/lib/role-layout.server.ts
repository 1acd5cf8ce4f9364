import type { Role } from "@missionboard/core";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "./auth.server";

/** Loader for a role area's layout: signed in (else sign-in redirect) and holding one of the roles (else 403). */
export const roleAreaLoader =
  (roles: readonly Role[]) =>
  async ({ request, context }: LoaderFunctionArgs) => {
    const { api, user } = await requireUser(request, context);
    if (!roles.includes(user.role)) throw data({ message: "This area is not part of your role." }, { status: 403 });
    return { user: { name: user.name, role: user.role, unread: await api.notification.unreadCount() } };
  };
