import { LeaderboardInputSchema } from "@missionboard/api";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppShell } from "../components/app-shell";
import { Freshness } from "../components/freshness";
import { leaderboardRowsHtml } from "../components/leaderboard-rows";
import { RANK_SPRITES } from "../components/rank-badge";
import { ShellErrorBoundary } from "../components/shell-error-boundary";
import { UtcTime } from "../components/time";
import { Card } from "../components/ui/card";
import { type Column, DataTable } from "../components/ui/data-table";
import { IgnoredFilters } from "../components/ui/filter-form";
import { IconSprites } from "../components/ui/icon-sprites";
import { Pager } from "../components/ui/pager";
import { Tabs } from "../components/ui/tabs";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { parseSearch } from "../lib/form.server";
import { formatNumber } from "../lib/number-format";

export const meta: MetaFunction = () => [{ title: "Leaderboard · Missionboard" }];

const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, LeaderboardInputSchema.omit({ pageSize: true }));
  const [board, freshness] = await Promise.all([api.board.leaderboard({ ...value, pageSize: PAGE_SIZE }), api.analytics.freshness()]).catch(
    toRouteError(request, requestId),
  );
  return { user: { name: user.name, role: user.role }, board, freshness, ignored };
}

const COLUMNS: readonly Column[] = [
  { label: "Position", numeric: true },
  "Name",
  "Rank",
  { label: "Points", numeric: true },
  { label: "Completions", numeric: true },
];

const boardLabel = (board: string) => (board === "overall" ? "Overall" : `Week ${board}`);

export default function Leaderboard() {
  const { user, board, freshness, ignored } = useLoaderData<typeof loader>();
  const tabs = [
    { id: "overall", label: "Overall", to: "?board=overall" },
    ...board.weeks.map((w) => ({ id: String(w), label: `Week ${w}`, to: `?board=${w}` })),
  ];
  return (
    <AppShell user={user}>
      <section className="stack">
        <IconSprites icons={RANK_SPRITES} />
        <Freshness data={freshness} />
        <div>
          <h1>Leaderboard</h1>
          <p className="muted">
            Points from the missions you complete. Equal points go to whoever reached them first.{" "}
            {board.viewer === "staff"
              ? "As staff you see real names and the live board."
              : "Names show as each learner chose in their profile."}
          </p>
        </div>
        <IgnoredFilters ignored={ignored} labels={{ board: "Board", page: "Page" }} />
        <Tabs label="Boards" items={tabs} current={board.board} />
        {board.frozenAt ? (
          <p className="flash tone-info" data-testid="frozen-note">
            Frozen at <UtcTime value={board.frozenAt} />: this board shows the standings as they stood then.
          </p>
        ) : null}
        <Card title={`${boardLabel(board.board)} board`} flush>
          <DataTable
            columns={COLUMNS}
            rowCount={board.rows.length}
            caption={`${boardLabel(board.board)} leaderboard`}
            captionHidden
            empty="Nobody is on this board yet."
            rowsHtml={leaderboardRowsHtml(board.rows)}
          />
        </Card>
        {board.myRow ? (
          <Card title="Your position" flush data-testid="my-row">
            <DataTable
              columns={COLUMNS}
              rowCount={1}
              caption="Your row on this board"
              captionHidden
              empty=""
              rowsHtml={leaderboardRowsHtml([board.myRow])}
            />
          </Card>
        ) : null}
        {!board.linked ? (
          <p className="muted">
            You are not on the boards yet: your OpenWebUI account is not linked. See <Link to="/missions/me">My missions</Link>.
          </p>
        ) : null}
        <Pager
          page={board.page}
          pageCount={board.pageCount}
          summary={`Page ${board.page} of ${board.pageCount} · ${formatNumber(board.total)} learners`}
        />
      </section>
    </AppShell>
  );
}

export { ShellErrorBoundary as ErrorBoundary };
