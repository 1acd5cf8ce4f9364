import { MyMissionsInputSchema } from "@missionboard/api";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { AppShell } from "../components/app-shell";
import { Freshness } from "../components/freshness";
import { RankBadge } from "../components/rank-badge";
import { ShellErrorBoundary } from "../components/shell-error-boundary";
import { UtcTime } from "../components/time";
import { Badge } from "../components/ui/badge";
import { Card } from "../components/ui/card";
import { type Column, DataTable } from "../components/ui/data-table";
import { IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { StatCard, StatGrid } from "../components/ui/stat-card";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { parseSearch } from "../lib/form.server";
import { formatNumber } from "../lib/number-format";

const MyMissionsQuerySchema = MyMissionsInputSchema.omit({ pageSize: true });

export const meta: MetaFunction = () => [{ title: "My missions · Missionboard" }];

const ATTEMPTS_PAGE_SIZE = 20;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, MyMissionsQuerySchema);
  const [me, freshness] = await Promise.all([api.board.me({ ...value, pageSize: ATTEMPTS_PAGE_SIZE }), api.analytics.freshness()]).catch(
    toRouteError(request, requestId),
  );
  return { user: { name: user.name, role: user.role }, me, freshness, ignored };
}

/** The loader data as the page receives it (dates as strings). */
type Linked = Extract<ReturnType<typeof useLoaderData<typeof loader>>["me"], { linked: true }>;

const STATUS: Record<Linked["weeks"][number]["missions"][number]["status"], ReactNode> = {
  completed: <Badge tone="success">Completed</Badge>,
  in_progress: <Badge tone="warning">In progress</Badge>,
  not_started: <Badge tone="neutral">Not started</Badge>,
};

const MISSION_COLUMNS: readonly Column[] = [
  "Mission",
  "Difficulty",
  { label: "Points", numeric: true },
  "Status",
  { label: "Attempts", numeric: true },
  "Completed",
];

function NotLinked() {
  return (
    <Card title="Your OpenWebUI account is not linked yet" data-testid="not-linked">
      <p>
        Your missions, points and rank appear here once your OpenWebUI account is linked to this account. Links are made by email: use the
        same email address in both, and make sure it is verified here (the link is made the next time you sign in or the next time the chats
        are reloaded).
      </p>
      <p>
        If your emails differ, ask a staff member to link your OpenWebUI account by hand. Meanwhile you can look at the{" "}
        <Link to="/missions/leaderboard">leaderboard</Link>.
      </p>
    </Card>
  );
}

/** Progress from the current rank's threshold to the next one, as a native progress bar with its words. */
function RankProgress({ me }: { me: Linked }) {
  if (!me.nextRank || me.pointsToNext === null)
    return <p data-testid="rank-progress">You hold the highest rank. {me.rank.reward ? `Your reward: ${me.rank.reward}.` : ""}</p>;
  const span = me.nextRank.minPoints - me.rankFloor;
  const done = Math.min(span, Math.max(0, me.rankPoints - me.rankFloor));
  const words = `${formatNumber(me.pointsToNext)} points to ${me.nextRank.name}`;
  return (
    <div className="rank-progress" data-testid="rank-progress">
      <progress max={span} value={done} aria-label={`Progress to ${me.nextRank.name}: ${words}`} />
      <p>
        <strong>{words}</strong> ({formatNumber(me.rankPoints)} of {formatNumber(me.nextRank.minPoints)}
        {me.credits.rankSource === "official" ? " official points" : ""}).
        {me.nextRank.reward ? ` Reward at ${me.nextRank.name}: ${me.nextRank.reward}.` : ""}
      </p>
    </div>
  );
}

function Positions({ me }: { me: Linked }) {
  return (
    <ul className="board-positions" aria-label="Positions on the boards">
      {me.positions.map((p) => (
        <li key={p.board}>
          <Link to={`/missions/leaderboard?board=${p.board}`}>{p.week === null ? "Overall" : `Week ${p.week}`}</Link>:{" "}
          {p.position === null ? (
            <span className="muted">not on this board yet</span>
          ) : (
            <strong>
              {formatNumber(p.position)} of {formatNumber(p.of ?? 0)}
            </strong>
          )}
          {p.frozenAt ? (
            <span className="muted">
              {" "}
              (frozen at <UtcTime value={p.frozenAt} />)
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function LinkedPage({ me }: { me: Linked }) {
  const overall = me.positions[0];
  return (
    <>
      <StatGrid label="Your standing">
        <StatCard
          label="Detected points"
          value={formatNumber(me.points)}
          hint={me.frozenAt ? "as the frozen overall board shows" : undefined}
        />
        <StatCard
          label="Official points"
          value={me.credits.officialPoints === null ? "—" : formatNumber(me.credits.officialPoints)}
          hint={me.credits.officialPoints === null ? "no credit list uploaded yet" : "credited by reviewers in the campaign list"}
        />
        <StatCard
          label="Rank"
          value={<RankBadge rank={me.rank} />}
          hint={[me.rank.reward, `from ${me.credits.rankSource} points`].filter(Boolean).join(" · ")}
        />
        <StatCard
          label="Overall position"
          value={overall?.position ? `${overall.position} of ${overall.of ?? 0}` : "—"}
          hint={overall?.position ? undefined : "complete a mission to join the board"}
        />
      </StatGrid>
      <Card title="Next rank">
        <RankProgress me={me} />
      </Card>
      <Card title="Positions">
        <Positions me={me} />
      </Card>
      {me.weeks.map((w) => (
        <Card key={w.week ?? "none"} title={w.week === null ? "Missions without a week" : `Week ${w.week}`} flush>
          <DataTable
            columns={MISSION_COLUMNS}
            rowCount={w.missions.length}
            caption={w.week === null ? "Missions without a week" : `Week ${w.week} missions`}
            captionHidden
            empty="No missions this week."
          >
            {w.missions.map((m) => (
              <tr key={m.missionId}>
                <td>{m.name}</td>
                <td>{m.difficulty ?? <span className="muted">—</span>}</td>
                <td className="numeric">{m.points ?? "—"}</td>
                <td>{STATUS[m.status]}</td>
                <td className="numeric">{m.attempts}</td>
                <td>
                  <UtcTime value={m.completedAt} />
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
      ))}
      {me.adjustments.length > 0 ? (
        <Card title="Point adjustments" flush>
          <DataTable
            columns={[{ label: "Points", numeric: true }, "Reason", "Board", "When"]}
            rowCount={me.adjustments.length}
            caption="Point adjustments"
            captionHidden
            empty=""
          >
            {me.adjustments.map((a) => (
              <tr key={`${new Date(a.at).toISOString()}-${a.reason}`}>
                <td className="numeric">{a.points > 0 ? `+${a.points}` : a.points}</td>
                <td>{a.reason}</td>
                <td>{a.week === null ? "Overall" : `Week ${a.week} and overall`}</td>
                <td>
                  <UtcTime value={a.at} dateOnly />
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
      ) : null}
      <Card title="My attempts" flush>
        <DataTable
          columns={["Chat", "Mission", "Started", "Completed"]}
          rowCount={me.attempts.items.length}
          caption="My attempts"
          captionHidden
          empty="You have not attempted a mission yet. Open a mission's model in OpenWebUI and start chatting; your attempts appear here after the next reload."
        >
          {me.attempts.items.map((a) => (
            <tr key={a.attemptId}>
              <td>
                <Link to={a.href} aria-label={`Transcript: ${a.title || "Untitled chat"} (${a.missionName})`}>
                  {a.title || "Untitled chat"}
                </Link>
              </td>
              <td>{a.missionName}</td>
              <td>
                <UtcTime value={a.startedAt} />
              </td>
              <td>{a.completed ? <Badge tone="success">Completed</Badge> : <Badge tone="neutral">Not yet</Badge>}</td>
            </tr>
          ))}
        </DataTable>
        <Pager page={me.attempts.page} pageCount={me.attempts.pageCount} label="Pages of my attempts" />
      </Card>
    </>
  );
}

export default function MyMissions() {
  const { user, me, freshness, ignored } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user}>
      <section className="stack">
        <Freshness data={freshness} />
        <div>
          <h1>My missions</h1>
          <p className="muted">Your points, rank and positions, the missions of each week, and your own mission chats.</p>
        </div>
        <IgnoredFilters ignored={ignored} labels={{ page: "Page" }} />
        {me.linked ? <LinkedPage me={me} /> : <NotLinked />}
      </section>
    </AppShell>
  );
}

export { ShellErrorBoundary as ErrorBoundary };
