// The component gallery (/admin/design, staff only): every component and chart of the design system
// in both themes, with sample data. Screenshot tests open each section by its data-testid.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppShell } from "../components/app-shell";
import {
  BadgesDemo,
  ButtonsDemo,
  CardsDemo,
  ChartsDemo,
  DialogDemo,
  FormsDemo,
  IconsDemo,
  NavigationDemo,
  TableDemo,
  TabsDemo,
} from "../components/gallery/gallery-demos";
import { GallerySection } from "../components/gallery/gallery-section";
import { sampleCharts } from "../components/gallery/sample-charts.server";
import { sortPeople } from "../components/gallery/sample-data";
import { TokenSwatches } from "../components/gallery/token-swatches";
import { ShellErrorBoundary } from "../components/shell-error-boundary";
import { confirmationRequested } from "../components/ui/confirm";
import { Flash } from "../components/ui/flash";
import { requireUser } from "../lib/auth.server";
import { roleAreaLoader } from "../lib/role-layout.server";

export const meta: MetaFunction = () => [{ title: "Design system · Missionboard" }];

const staffArea = roleAreaLoader(["admin", "assistant"]);

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await staffArea(args);
  const search = new URL(args.request.url).searchParams;
  return { user, people: sortPeople(search).rows, charts: sampleCharts() };
}

/** The live ConfirmDialog demo: asks to confirm when no JavaScript did, then pretends to act. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  if (user.role !== "admin" && user.role !== "assistant") throw data({ message: "This area is not part of your role." }, { status: 403 });
  const form = await request.formData();
  const step = confirmationRequested(form);
  if (step) return step;
  return { done: `Confirmed “${String(form.get("intent") ?? "")}”. This is a demonstration: nothing was changed.` };
}

export default function DesignGallery() {
  const { user, people, charts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const tab = params.get("tab") ?? "pending";
  return (
    <AppShell user={user}>
      <h1>Design system</h1>
      <p className="muted">
        Every component and chart of the interface, in the light and the dark theme. Pages are built from these (app/components/ui); the
        tokens live in app/styles/tokens.css.
      </p>
      {result && "done" in result ? <Flash tone="success">{result.done}</Flash> : null}
      <nav aria-label="Gallery sections" className="gallery-toc">
        <ul>
          {SECTIONS.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`}>{title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <GallerySection id="design-tokens" title="Tokens" demo={() => <TokenSwatches />}>
        <p>Colours follow the reader's light or dark preference; every text colour meets WCAG AA on the surfaces it is used on.</p>
      </GallerySection>
      <GallerySection id="design-icons" title="Icons" demo={() => <IconsDemo />}>
        <p>Lucide icons, decorative next to their text (aria-hidden); an icon alone gets an accessible name.</p>
      </GallerySection>
      <GallerySection id="design-buttons" title="Buttons" demo={() => <ButtonsDemo />} />
      <GallerySection id="design-cards" title="Cards and figures" demo={() => <CardsDemo />} />
      <GallerySection id="design-table" title="Data table" demo={(theme) => <TableDemo theme={theme} people={people} />}>
        <p>Sort by a heading: it is a link, so it works without JavaScript. On a narrow screen the table scrolls inside its box.</p>
      </GallerySection>
      <GallerySection id="design-forms" title="Form fields" demo={(theme) => <FormsDemo theme={theme} />} />
      <GallerySection id="design-tabs" title="Tabs" demo={(theme) => <TabsDemo theme={theme} current={tab} />} />
      <GallerySection id="design-badges" title="Badges and messages" demo={() => <BadgesDemo />} />
      <GallerySection id="design-dialog" title="Confirmation" demo={(theme) => <DialogDemo theme={theme} />} />
      <GallerySection id="design-navigation" title="Breadcrumb and pager" demo={(theme) => <NavigationDemo theme={theme} />} />
      <GallerySection id="design-charts" title="Charts" demo={() => <ChartsDemo charts={charts} />}>
        <p>Drawn on the server; hover or focus a column for its figures; each chart has the same numbers as a table.</p>
      </GallerySection>
    </AppShell>
  );
}

const SECTIONS = [
  ["design-tokens", "Tokens"],
  ["design-icons", "Icons"],
  ["design-buttons", "Buttons"],
  ["design-cards", "Cards and figures"],
  ["design-table", "Data table"],
  ["design-forms", "Form fields"],
  ["design-tabs", "Tabs"],
  ["design-badges", "Badges and messages"],
  ["design-dialog", "Confirmation"],
  ["design-navigation", "Breadcrumb and pager"],
  ["design-charts", "Charts"],
] as const;

export { ShellErrorBoundary as ErrorBoundary };
