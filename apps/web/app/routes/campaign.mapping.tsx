// /campaign/mapping (admin; docs/product/credits.md §C-8, §C-13): the MissionChallenge → mission
// mappings, the uncertain matches to confirm and the unmatched texts to map (each confirmation
// becomes a mapping, audited), and the campaign settings: rank source and similarity threshold.
import { MappingIdInputSchema, SetCampaignSettingsInputSchema, SetMappingInputSchema } from "@missionboard/api";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppShell } from "../components/app-shell";
import { ShellErrorBoundary } from "../components/shell-error-boundary";
import { UtcTime } from "../components/time";
import { Button } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { DataTable } from "../components/ui/data-table";
import { Field, SelectField } from "../components/ui/field";
import { RadioGroup } from "../components/ui/fieldset";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { redirectWithFlash } from "../lib/flash.server";
import { apiFailure, parseInput } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Credit mapping · Missionboard" }];

const PAGE = "/campaign/mapping";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const [mappings, matches, settings, missions] = await Promise.all([
    api.credits.mappings(),
    api.credits.matches(),
    api.credits.settings(),
    api.mission.list(),
  ]).catch(toRouteError(request, requestId));
  return {
    user: { name: user.name, role: user.role },
    mappings,
    matches,
    settings,
    missions: missions.map((m) => ({ id: m.id, name: m.name, week: m.week })),
  };
}

export interface MappingActionResult {
  intent: string;
  errors: Record<string, string>;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const fail = (errors: Record<string, string>, status: number) => data<MappingActionResult>({ intent, errors }, { status });
  try {
    if (intent === "map") {
      const mapped = await api.credits.setMapping(parseInput(SetMappingInputSchema, form));
      return redirectWithFlash(request, PAGE, { kind: "success", message: `“${mapped.challenge}” now counts as ${mapped.missionName}.` });
    }
    if (intent === "remove") {
      await api.credits.removeMapping(parseInput(MappingIdInputSchema, form));
      return redirectWithFlash(request, PAGE, { kind: "success", message: "Mapping removed." });
    }
    if (intent === "settings") {
      const threshold = String(form.get("similarityThreshold") ?? "").trim();
      const rankSource = String(form.get("rankSource") ?? "");
      const input = SetCampaignSettingsInputSchema.safeParse({
        rankSource: rankSource === "" ? null : rankSource,
        similarityThreshold: threshold === "" ? null : Number(threshold),
      });
      if (!input.success) return fail(Object.fromEntries(input.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message])), 400);
      await api.credits.setSettings(input.data);
      return redirectWithFlash(request, PAGE, { kind: "success", message: "Campaign settings saved." });
    }
    return fail({ form: "Choose an action." }, 400);
  } catch (error) {
    return apiFailure(request, requestId, error, fail);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function MissionOptions({ missions }: { missions: Data["missions"] }) {
  return (
    <>
      {missions.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
          {m.week !== null ? ` (week ${m.week})` : ""}
        </option>
      ))}
    </>
  );
}

const RANK_SOURCES = [
  { value: "", label: "Default", hint: "Official points once a credit list is current, detected points before." },
  { value: "detected", label: "Detected points", hint: "Missions completed in the chats." },
  { value: "official", label: "Official points", hint: "What reviewers credited in the list." },
] as const;

export default function CreditMapping() {
  const { user, mappings, matches, settings, missions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as MappingActionResult | undefined;
  return (
    <AppShell user={user}>
      <section className="stack">
        <div>
          <h1>Credit mapping</h1>
          <p className="muted">
            Which mission a credit row's MissionChallenge text means: an admin's mapping first, then the same name in a compatible week,
            then a similar name (ratio at least {matches.threshold}). Mission rows of the current list: {matches.rows.mapping} by mapping,{" "}
            {matches.rows.name} by name, {matches.rows.similarity} by similarity, {matches.rows.unmatched} unmatched.
          </p>
        </div>
        {result?.errors.form ? (
          <p className="form-error" role="alert">
            {result.errors.form}
          </p>
        ) : null}
        <Card title={`Matches to confirm (${matches.uncertain.total})`} flush>
          <DataTable
            columns={["MissionChallenge", { label: "Week", numeric: true }, "Matched to", "Lines", ""]}
            rowCount={matches.uncertain.items.length}
            caption="Matches to confirm"
            captionHidden
            empty="No match needs confirming."
          >
            {matches.uncertain.items.map((u) => (
              <tr key={`${u.text}-${u.weekId}`} data-testid="uncertain-match">
                <td>{u.text}</td>
                <td className="numeric">{u.weekId}</td>
                <td>
                  {u.missionName ?? "—"}
                  {u.match.ratio !== null ? <span className="muted"> (similarity {u.match.ratio.toFixed(3)})</span> : null}
                </td>
                <td>{u.lines.slice(0, 10).join(", ")}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="challenge" value={u.text ?? ""} />
                    <input type="hidden" name="missionId" value={u.match.missionId} />
                    <Button type="submit" name="intent" value="map" size="sm">
                      Confirm
                    </Button>
                  </Form>
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
        <Card title={`Unmatched texts (${matches.unmatched.total})`} flush>
          <DataTable
            columns={["MissionChallenge", { label: "Week", numeric: true }, "Lines", "Map to"]}
            rowCount={matches.unmatched.items.length}
            caption="Unmatched texts"
            captionHidden
            empty="Every mission row has a mission."
          >
            {matches.unmatched.items.map((u) => (
              <tr key={`${u.text}-${u.weekId}`}>
                <td>{u.text ?? <span className="muted">(blank)</span>}</td>
                <td className="numeric">{u.weekId}</td>
                <td>{u.lines.slice(0, 10).join(", ")}</td>
                <td>
                  {u.text ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="challenge" value={u.text} />
                      <label>
                        <span className="visually-hidden">Mission for “{u.text}”</span>
                        <select name="missionId" defaultValue={u.suggestion?.missionId ?? ""}>
                          <option value="">Choose a mission</option>
                          <MissionOptions missions={missions} />
                        </select>
                      </label>{" "}
                      <Button type="submit" name="intent" value="map" size="sm">
                        Map
                      </Button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
        <Card title="Mappings" flush>
          <DataTable
            columns={["MissionChallenge", "Mission", "Updated (UTC)", ""]}
            rowCount={mappings.length}
            caption="Mappings"
            captionHidden
            empty="No mappings yet."
          >
            {mappings.map((m) => (
              <tr key={m.id}>
                <td>{m.challenge}</td>
                <td>{m.missionName}</td>
                <td>
                  <UtcTime value={m.updatedAt} />
                </td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="id" value={m.id} />
                    <Button type="submit" name="intent" value="remove" size="sm">
                      Remove
                    </Button>
                  </Form>
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
        <div className="cards forms">
          <Card title="Add a mapping">
            <Form method="post">
              <Field
                label="MissionChallenge text"
                name="challenge"
                required
                maxLength={500}
                error={result?.intent === "map" ? result.errors.challenge : undefined}
              />
              <SelectField label="Mission" name="missionId" required error={result?.intent === "map" ? result.errors.missionId : undefined}>
                <option value="">Choose a mission</option>
                <MissionOptions missions={missions} />
              </SelectField>
              <Button type="submit" name="intent" value="map" variant="primary">
                Save mapping
              </Button>
            </Form>
          </Card>
          <Card title="Settings">
            <Form method="post">
              <RadioGroup
                legend={`Ranks follow (now: ${settings.effective.rankSource} points)`}
                name="rankSource"
                options={RANK_SOURCES}
                defaultValue={settings.saved.rankSource ?? ""}
                error={result?.intent === "settings" ? result.errors.rankSource : undefined}
              />
              <Field
                label="Similarity threshold"
                name="similarityThreshold"
                inputMode="decimal"
                defaultValue={settings.saved.similarityThreshold ?? ""}
                placeholder={String(settings.effective.similarityThreshold)}
                hint="From 0.5 to 1; blank for the default (0.82)."
                error={result?.intent === "settings" ? result.errors.similarityThreshold : undefined}
              />
              <Button type="submit" name="intent" value="settings" variant="primary">
                Save settings
              </Button>
            </Form>
          </Card>
        </div>
      </section>
    </AppShell>
  );
}

export { ShellErrorBoundary as ErrorBoundary };
