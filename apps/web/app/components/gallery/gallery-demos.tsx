// The gallery's demos, one per component, each rendered once per theme (see GallerySection).
import {
  Award,
  Bell,
  BookOpen,
  CircleCheck,
  Download,
  GraduationCap,
  Inbox,
  LogOut,
  Medal,
  Plus,
  Puzzle,
  RefreshCw,
  Save,
  Search,
  Trash2,
  Trophy,
  Users,
} from "lucide-react";
import { UtcTime } from "../time";
import { Badge, type Tone } from "../ui/badge";
import { Breadcrumb } from "../ui/breadcrumb";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { BarChart } from "../ui/charts/bar-chart";
import { LineChart } from "../ui/charts/line-chart";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { DataTable } from "../ui/data-table";
import { Field, SelectField, TextareaField } from "../ui/field";
import { Checkbox, CheckboxGroup, RadioGroup } from "../ui/fieldset";
import { Flash } from "../ui/flash";
import { FormError } from "../ui/form-error";
import { LinkButton } from "../ui/link-button";
import { Pager } from "../ui/pager";
import { StatCard, StatGrid } from "../ui/stat-card";
import { Tabs } from "../ui/tabs";
import type { Theme } from "./gallery-section";
import type { SampleCharts } from "./sample-charts.server";
import type { SamplePerson } from "./sample-data";

const ICONS = {
  Bell,
  Inbox,
  Users,
  BookOpen,
  GraduationCap,
  Puzzle,
  Medal,
  Trophy,
  Award,
  CircleCheck,
  Search,
  Download,
  RefreshCw,
  Plus,
  Save,
  Trash2,
  LogOut,
};

export function IconsDemo() {
  return (
    <ul className="icon-grid">
      {Object.entries(ICONS).map(([name, Icon]) => (
        <li key={name}>
          <Icon className="icon" aria-hidden="true" />
          <code>{name}</code>
        </li>
      ))}
    </ul>
  );
}

export function ButtonsDemo() {
  return (
    <div className="stack">
      <div className="inline-row">
        <Button variant="primary" icon={Save}>
          Save changes
        </Button>
        <Button>Cancel</Button>
        <Button variant="danger" icon={Trash2}>
          Revoke award
        </Button>
        <Button variant="ghost">Clear filters</Button>
      </div>
      <div className="inline-row">
        <Button variant="primary" size="sm">
          Small
        </Button>
        <Button variant="primary">Medium</Button>
        <Button variant="primary" size="lg">
          Large
        </Button>
      </div>
      <div className="inline-row">
        <Button variant="primary" pending pendingLabel="Saving…">
          Save
        </Button>
        <Button disabled>Disabled</Button>
        <LinkButton to="/admin/design#design-buttons" icon={Download}>
          Link that looks like a button
        </LinkButton>
      </div>
    </div>
  );
}

export function CardsDemo() {
  return (
    <div className="stack">
      <StatGrid label="Approval queue (sample)">
        <StatCard
          label="Pending requests"
          value={12}
          icon={Inbox}
          trend={{ direction: "up", label: "+4 on last week", tone: "negative" }}
        />
        <StatCard label="Oldest waiting" value="3 days" hint="Since Monday 09:14 UTC" />
        <StatCard label="Approved this week" value={27} trend={{ direction: "up", label: "+9 on last week", tone: "positive" }} />
        <StatCard label="Rejected this week" value={2} trend={{ direction: "flat", label: "same as last week" }} />
      </StatGrid>
      <StatGrid label="Award totals (sample)">
        <StatCard label="Live" value={148} />
        <StatCard label="Revoked" value={3} />
      </StatGrid>
      <Card
        title="AI Foundations"
        actions={
          <LinkButton to="/admin/design#design-cards" size="sm" variant="ghost">
            Open
          </LinkButton>
        }
      >
        <p>Two skills, five mini-badges and a required capstone. 31 learners are working on it.</p>
      </Card>
    </div>
  );
}

const ROLE_TONES: Record<SamplePerson["role"], Tone> = { student: "neutral", assistant: "info", admin: "info" };
const STATUS_TONES: Record<SamplePerson["status"], Tone> = { active: "success", pending: "warning", inactive: "neutral" };

export function TableDemo({ theme, people }: { theme: Theme; people: readonly SamplePerson[] }) {
  return (
    <div className="stack">
      <DataTable
        caption={`People (sample, ${theme} theme)`}
        sortDefault={{ by: "name", dir: "asc" }}
        columns={[
          { label: "Name", sort: "name" },
          "Email",
          { label: "Role", sort: "role" },
          "Status",
          { label: "Joined", sort: "joined" },
          { label: "Awards", sort: "awards", numeric: true },
        ]}
        rowCount={people.length}
        empty="No people match these filters."
      >
        {people.map((p) => (
          <tr key={p.id}>
            <th scope="row">{p.name}</th>
            <td>{p.email}</td>
            <td>
              <Badge tone={ROLE_TONES[p.role]} icon={null}>
                {p.role}
              </Badge>
            </td>
            <td>
              <Badge tone={STATUS_TONES[p.status]}>{p.status}</Badge>
            </td>
            <td>
              <UtcTime value={p.joined} dateOnly />
            </td>
            <td className="numeric">{p.awards}</td>
          </tr>
        ))}
      </DataTable>
      <DataTable
        caption={`Requests waiting (sample, ${theme} theme)`}
        columns={["Learner", "Badge", "Submitted"]}
        rowCount={0}
        empty="Nothing is waiting."
      >
        {null}
      </DataTable>
    </div>
  );
}

export function FormsDemo({ theme }: { theme: Theme }) {
  return (
    <form className="gallery-form" aria-label={`Sample form (${theme} theme)`} onSubmit={(e) => e.preventDefault()}>
      <Field label="Display name" name={`name-${theme}`} defaultValue="Ada" hint="Shown to instructors and on your badges." />
      <Field
        label="Email"
        name={`email-${theme}`}
        type="email"
        defaultValue="ada@"
        error="Enter an email address such as ada@example.org."
      />
      <SelectField label="Role" name={`role-${theme}`} defaultValue="student">
        <option value="student">Student</option>
        <option value="assistant">Assistant</option>
        <option value="admin">Admin</option>
      </SelectField>
      <TextareaField label="Reason" name={`reason-${theme}`} hint="The learner sees this with the decision." rows={3} />
      <RadioGroup
        legend="Table"
        name={`table-${theme}`}
        layout="tiles"
        defaultValue="roster"
        options={[
          { value: "roster", label: "Roster", hint: "People, roles, status and onboarding answers." },
          { value: "awards", label: "Awards", hint: "Every award, live or revoked, with its source." },
          { value: "audit", label: "Audit log", hint: "Who changed what, and when." },
        ]}
      />
      <RadioGroup
        legend="Format"
        name={`format-${theme}`}
        layout="inline"
        defaultValue="csv"
        options={[
          { value: "csv", label: "CSV" },
          { value: "xlsx", label: "Excel (.xlsx)" },
        ]}
      />
      <CheckboxGroup
        legend="Email me about"
        name={`topics-${theme}`}
        defaultValues={["decisions"]}
        error="Choose at least one, or switch email off."
        options={[
          { value: "decisions", label: "Decisions on my requests" },
          { value: "awards", label: "New awards" },
          { value: "digest", label: "The weekly digest", disabled: true, hint: "Staff only." },
        ]}
      />
      <Checkbox
        name={`personal-${theme}`}
        label="Include personal data (names and emails)"
        hint="This choice is recorded in the audit log."
      />
      <FormError message="The export could not be prepared. Nothing was downloaded." />
      <Button type="submit" variant="primary" icon={Download}>
        Download
      </Button>
    </form>
  );
}

export function TabsDemo({ theme, current }: { theme: Theme; current: string }) {
  return (
    <Tabs
      label={`Request views (${theme} theme)`}
      current={current}
      items={[
        { id: "pending", label: "Pending", to: "?tab=pending#design-tabs", count: 12 },
        { id: "approved", label: "Approved", to: "?tab=approved#design-tabs", count: 148 },
        { id: "rejected", label: "Rejected", to: "?tab=rejected#design-tabs", count: 3 },
        { id: "all", label: "All requests", to: "?tab=all#design-tabs" },
      ]}
    />
  );
}

export function BadgesDemo() {
  return (
    <div className="stack">
      <div className="inline-row">
        <Badge tone="neutral">draft</Badge>
        <Badge tone="success">earned</Badge>
        <Badge tone="warning">pending</Badge>
        <Badge tone="danger">rejected</Badge>
        <Badge tone="info">automatic</Badge>
      </div>
      <Flash tone="success">Request submitted. You will be notified when it is decided.</Flash>
      <Flash tone="info" title="Reload running">
        1,200 of 4,800 chats read.
      </Flash>
      <Flash tone="warning">The OpenWebUI data is 3 days old.</Flash>
      <Flash tone="danger">The reload failed: the export is missing its users file.</Flash>
    </div>
  );
}

export function DialogDemo({ theme }: { theme: Theme }) {
  return (
    <div className="stack">
      <p className="hint">Live: submits to this page, which asks to confirm when JavaScript did not.</p>
      <ConfirmDialog
        confirmKey={`truncate-demo-${theme}`}
        fields={{ intent: "truncate-demo" }}
        trigger="Truncate and reload"
        title="Replace all mission data?"
        confirmLabel="Truncate and reload"
      >
        <p>Every stored chat is deleted and the export is loaded again. This is a demonstration: nothing is deleted.</p>
      </ConfirmDialog>
      <p className="hint">The confirmation step the server renders without JavaScript:</p>
      <ConfirmDialog
        confirmKey={`revoke-demo-${theme}`}
        fields={{ intent: "revoke-demo" }}
        trigger="Revoke"
        title="Revoke “Prompting 101” from Ada Lovelace?"
        confirmLabel="Revoke award"
        forceStep
      >
        <p>Awards that depend on it (the skill “Prompt craft”) are revoked too.</p>
      </ConfirmDialog>
    </div>
  );
}

export function NavigationDemo({ theme }: { theme: Theme }) {
  return (
    <div className="stack">
      <Breadcrumb
        label={`Breadcrumbs example (${theme} theme)`}
        items={[
          { label: "Catalog", to: "/admin/design#design-navigation" },
          { label: "AI Foundations", to: "/admin/design#design-navigation" },
          { label: "Prompt craft" },
        ]}
      />
      <Pager
        page={3}
        pageCount={8}
        label={`Pages example (${theme} theme)`}
        hrefFor={(page) => `/admin/design?page=${page}#design-navigation`}
        summary="101–150 of 372 · page 3 of 8"
      />
    </div>
  );
}

export function ChartsDemo({ charts }: { charts: SampleCharts }) {
  return (
    <div className="stack">
      <BarChart chart={charts.weekly} />
      <BarChart chart={charts.programs} />
      <LineChart chart={charts.missions} />
      <LineChart chart={charts.daily} />
    </div>
  );
}
