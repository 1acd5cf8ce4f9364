// One chat's transcript: /missions/chats/<chatId>. A learner opens their own chats only (any other
// id, existing or not, is the same 403 page); staff with chats.read open any chat, and the api
// audits the opening before it returns the text. Outside any /missions layout (the `_`), so the
// page brings its own shell whatever the other /missions pages use.
import { ChatIdInputSchema } from "@missionboard/api";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppShell } from "../components/app-shell";
import { ShellErrorBoundary } from "../components/shell-error-boundary";
import { UtcTime } from "../components/time";
import { Badge } from "../components/ui/badge";
import { Card } from "../components/ui/card";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { parseInput } from "../lib/form.server";
import { formatNumber } from "../lib/number-format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.transcript.chat.title?.trim() || "Chat"} · Missionboard` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const fail = toRouteError(request, requestId);
  const input = (() => {
    try {
      return parseInput(ChatIdInputSchema, { chatId: params.chatId });
    } catch (error) {
      return fail(error);
    }
  })();
  const [transcript, unread] = await Promise.all([api.chat.transcript(input), api.notification.unreadCount()]).catch(fail);
  return { user: { name: user.name, role: user.role, unread }, transcript };
}

/** The anchor of a message, so "Completed mission X" can be linked to. */
export const messageAnchor = (messageId: string) => `message-${messageId.replace(/[^A-Za-z0-9_-]/g, "_")}`;

const ROLE_LABELS: Record<string, string> = { user: "Learner", assistant: "Assistant", system: "System" };

export default function ChatTranscript() {
  const { user, transcript } = useLoaderData<typeof loader>();
  const { chat, owner, missions, messages, truncated, limit, audited } = transcript;
  const staff = user.role !== "student";
  return (
    <AppShell user={user}>
      <section>
        <p className="muted">{staff ? <Link to="/staff/chats">All chats</Link> : <Link to="/missions/me">My missions</Link>}</p>
        <h1>{chat.title?.trim() || "Untitled chat"}</h1>
        <dl className="transcript-facts">
          {owner ? (
            <>
              <dt>Learner</dt>
              <dd>{owner.name}</dd>
            </>
          ) : null}
          <dt>Models</dt>
          <dd>{chat.models.length ? chat.models.join(", ") : "none recorded"}</dd>
          <dt>Last message</dt>
          <dd>
            <UtcTime value={chat.updatedAt} />
          </dd>
        </dl>
        {audited ? (
          <p className="notice" role="note">
            Opening someone else's chat is recorded in the audit log.
          </p>
        ) : null}
        <Card title="Missions in this chat" headingLevel={2} className="section">
          {missions.length === 0 ? (
            <p className="muted">No mission was attempted in this chat.</p>
          ) : (
            <ul className="transcript-missions">
              {missions.map((m) => (
                <li key={m.missionId}>
                  <strong>{m.name}</strong>
                  {m.week !== null ? <span className="muted"> · week {m.week}</span> : null}{" "}
                  {m.completed ? (
                    <Badge tone="success">
                      {m.completingMessageId ? <a href={`#${messageAnchor(m.completingMessageId)}`}>completed</a> : "completed"}
                    </Badge>
                  ) : (
                    <Badge tone="warning">in progress</Badge>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <h2>Conversation</h2>
        <p className="muted">Only the branch the chat currently shows; regenerated replies are left out.</p>
        <ol className="transcript" aria-label="Messages">
          {messages.map((m) => {
            const completing = m.completes.length > 0;
            return (
              <li
                key={m.messageId}
                id={messageAnchor(m.messageId)}
                className={`message message-${m.role === "user" ? "user" : "assistant"}${completing ? " message-completing" : ""}`}
                data-completing={completing ? "true" : undefined}
              >
                <p className="message-meta">
                  <strong>{ROLE_LABELS[m.role] ?? m.role}</strong>
                  {m.model ? <span className="muted"> · {m.model}</span> : null}
                  {m.createdAt ? (
                    <span className="muted">
                      {" "}
                      · <UtcTime value={m.createdAt} />
                    </span>
                  ) : null}
                </p>
                {m.completes.map((done) => (
                  <Badge key={done.missionId} tone="success" className="message-label chip-wrap">
                    Completed mission {done.name}
                  </Badge>
                ))}
                <div className="message-text">{m.content}</div>
              </li>
            );
          })}
        </ol>
        {messages.length === 0 ? <p className="muted">This chat has no messages on its active branch.</p> : null}
        {truncated ? (
          <p className="notice" role="status">
            Only the first {formatNumber(limit)} messages are shown.
          </p>
        ) : null}
      </section>
    </AppShell>
  );
}

export { ShellErrorBoundary as ErrorBoundary };
