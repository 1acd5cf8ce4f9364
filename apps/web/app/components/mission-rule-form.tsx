// The mission rule of a mini-badge or capstone on its catalog edit page (ADR 029): the rule in
// words, a search over the missions (a GET form: the registry can hold hundreds, the list shows
// at most 50 besides the picked ones), and the rule form. Works without JavaScript.
import { Form } from "@remix-run/react";
import { formatNumber } from "../lib/number-format";
import { Button } from "./ui/button";

export interface MissionRuleView {
  rule: {
    kind: "all" | "any" | "week_points";
    n: number | null;
    week: number | null;
    missionIds: readonly string[];
    description: string;
  } | null;
  picked: { id: string; name: string; week: number | null; isActive: boolean }[];
  choices: { id: string; name: string; week: number | null; isActive: boolean }[];
  moreChoices: number;
  totalMissions: number;
  weeks: number[];
}

export interface MissionRuleResult {
  target: string;
  errors: Record<string, string>;
  values?: Record<string, string>;
}

const missionLabel = (m: { name: string; week: number | null; isActive: boolean }) =>
  `${m.name}${m.week === null ? "" : ` (week ${m.week})`}${m.isActive ? "" : " — inactive"}`;

export function MissionRuleCard({
  itemId,
  view,
  query,
  result,
  busy,
}: {
  itemId: string;
  view: MissionRuleView;
  query: string;
  result: MissionRuleResult | undefined;
  busy: boolean;
}) {
  const mine = result?.target === "missionRule" ? result : undefined;
  const errors = mine?.errors ?? {};
  const kind = mine?.values?.kind ?? view.rule?.kind ?? "all";
  const n = mine?.values?.n ?? (view.rule?.n === null || view.rule?.n === undefined ? "" : String(view.rule.n));
  const week = mine?.values?.week ?? (view.rule?.week === null || view.rule?.week === undefined ? "" : String(view.rule.week));
  const list = [...view.picked, ...view.choices];
  const picked = new Set(view.picked.map((m) => m.id));
  return (
    <section className="card" aria-labelledby="mission-rule-heading" style={{ marginTop: "1rem" }}>
      <h2 id="mission-rule-heading">Earned through missions</h2>
      <p>
        {view.rule ? (
          <>
            Rule: <strong>{view.rule.description}</strong>. Linked learners who satisfy it get this badge automatically when a reload,
            re-detection, re-score or account link records the completions.
          </>
        ) : (
          <span className="muted">No mission rule: this badge is earned by request only.</span>
        )}
      </p>
      <Form method="get" aria-label="Search missions" className="inline-row">
        <input type="hidden" name="item" value={itemId} />
        <label htmlFor="mission-q">Search missions</label>
        <input id="mission-q" name="missionQ" type="search" maxLength={100} defaultValue={query} />
        <Button type="submit">Search</Button>
      </Form>
      <Form method="post" aria-label="Mission rule">
        <input type="hidden" name="id" value={itemId} />
        {errors.form ? (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <fieldset>
          <legend>How the missions count</legend>
          <label className="checkbox">
            <input type="radio" name="ruleKind" value="all" defaultChecked={kind === "all"} /> Complete all of the ticked missions
          </label>
          <label className="checkbox">
            <input type="radio" name="ruleKind" value="any" defaultChecked={kind === "any"} /> Complete any N of the ticked missions
          </label>
          <label className="checkbox">
            <input type="radio" name="ruleKind" value="week_points" defaultChecked={kind === "week_points"} /> Reach N mission points in a
            week (every mission of that week counts; tick none)
          </label>
          {errors.kind ? <p className="form-error">{errors.kind}</p> : null}
        </fieldset>
        <div className="field">
          <label htmlFor="rule-n">N (missions for “any N”, points for a week)</label>
          <input
            id="rule-n"
            name="n"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            defaultValue={n}
            aria-invalid={errors.n ? true : undefined}
            aria-describedby={errors.n ? "rule-n-error" : undefined}
          />
          {errors.n ? (
            <p id="rule-n-error" className="form-error">
              {errors.n}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="rule-week">Week (for a week's points)</label>
          <select id="rule-week" name="week" defaultValue={week} aria-invalid={errors.week ? true : undefined}>
            <option value="">—</option>
            {view.weeks.map((w) => (
              <option key={w} value={String(w)}>
                Week {w}
              </option>
            ))}
          </select>
          {errors.week ? <p className="form-error">{errors.week}</p> : null}
        </div>
        <fieldset>
          <legend>
            Missions{" "}
            <span className="muted">
              ({view.picked.length} ticked; {formatNumber(view.totalMissions)} in the registry)
            </span>
          </legend>
          {list.length === 0 ? <p className="muted">No mission matches.</p> : null}
          <ul className="plain-list" style={{ maxHeight: "20rem", overflowY: "auto", listStyle: "none", paddingLeft: 0 }}>
            {list.map((m) => (
              <li key={m.id}>
                <label className="checkbox">
                  <input type="checkbox" name="missionIds" value={m.id} defaultChecked={picked.has(m.id)} /> {missionLabel(m)}
                </label>
              </li>
            ))}
          </ul>
          {view.moreChoices > 0 ? (
            <p className="muted">{formatNumber(view.moreChoices)} more missions match: search to narrow the list.</p>
          ) : null}
          {errors.missionIds ? <p className="form-error">{errors.missionIds}</p> : null}
        </fieldset>
        <div className="inline-row">
          <Button type="submit" name="intent" value="setRule" variant="primary" disabled={busy}>
            Save rule
          </Button>
          {view.rule ? (
            <Button type="submit" name="intent" value="clearRule" disabled={busy}>
              Remove rule
            </Button>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
