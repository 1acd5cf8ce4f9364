import { MarkReadInputSchema, type RouterInputs } from "@missionboard/api";
import { PageInputSchema } from "@missionboard/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { AppShell } from "../components/app-shell";
import { ShellErrorBoundary } from "../components/shell-error-boundary";
import { UtcTime } from "../components/time";
import { Button } from "../components/ui/button";
import { IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { parseInput, parseSearch } from "../lib/form.server";
import { safeRedirect } from "../lib/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Notifications · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, PageInputSchema.omit({ pageSize: true }));
  const [list, unread] = await Promise.all([api.notification.list({ ...value, pageSize: 25 }), api.notification.unreadCount()]).catch(
    toRouteError(request, requestId),
  );
  return { user: { name: user.name, role: user.role, unread }, list, ignored };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "read" || intent === "open") {
      await api.notification.markRead(parseInput(MarkReadInputSchema, form));
      // "Open" marks it read and follows its link (paths on this site only).
      const link = safeRedirect(form.get("link"), "");
      if (intent === "open" && link) return redirect(link);
    } else if (intent === "read-all") {
      await api.notification.markAllRead();
    } else {
      throw data({ message: "Unknown action." }, { status: 400 });
    }
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      return data({ error: error.message }, { status: error.code === "NOT_FOUND" ? 404 : 400 });
    if (!(error instanceof TRPCError)) throw error;
    return toRouteError(request, requestId)(error);
  }
  const url = new URL(request.url);
  return redirect(safeRedirect(`${url.pathname}${url.search}`, "/notifications"));
}

const markField = fieldName<RouterInputs["notification"]["markRead"]>;

export default function Notifications() {
  const { user, list, ignored } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <AppShell user={user}>
      <h1>Notifications</h1>
      <div className="filters">
        <p className="muted">
          {user.unread === 0
            ? "Everything is read."
            : user.unread === 1
              ? "1 unread notification."
              : `${user.unread} unread notifications.`}{" "}
          <Link to="/profile">Email settings</Link>
        </p>
        {user.unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <Button type="submit" disabled={busy}>
              Mark all as read
            </Button>
          </Form>
        ) : null}
      </div>
      <IgnoredFilters ignored={ignored} labels={{ page: "Page" }} />
      {list.items.length === 0 ? (
        <p className="empty">No notifications yet. Decisions on requests and new badges will appear here.</p>
      ) : (
        <ul className="notification-list" aria-label="Notifications, newest first">
          {list.items.map((n) => (
            <li key={n.id} className={`card${n.readAt ? "" : " unread"}`}>
              <p>
                <strong>{n.title}</strong> {n.readAt ? null : <span className="role-tag">unread</span>}
              </p>
              {n.body ? <p>{n.body}</p> : null}
              <p className="muted">
                <UtcTime value={n.createdAt} /> UTC
              </p>
              <Form method="post" className="filters">
                <input type="hidden" name={markField("id")} value={n.id} />
                <input type="hidden" name="link" value={n.link ?? ""} />
                {n.link ? (
                  <Button type="submit" name="intent" value="open" className="link">
                    Open
                  </Button>
                ) : null}
                {n.readAt ? null : (
                  <Button type="submit" name="intent" value="read" className="link">
                    Mark as read
                  </Button>
                )}
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Pager page={list.page} pageCount={list.pageCount} />
    </AppShell>
  );
}

export { ShellErrorBoundary as ErrorBoundary };
