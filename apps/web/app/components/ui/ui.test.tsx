// The accessibility contract of each component, on the markup the server sends (before any
// JavaScript): labels, ARIA wiring, and what works without scripts (sortable headings, tabs,
// pager links, the confirmation step).
import { Inbox } from "lucide-react";
import { describe, expect, it } from "vitest";
import { Badge } from "./badge";
import { Breadcrumb } from "./breadcrumb";
import { Button } from "./button";
import { Card } from "./card";
import { confirmationRequested } from "./confirm";
import { ConfirmDialog } from "./confirm-dialog";
import { DataTable, sortHref } from "./data-table";
import { Field, SelectField, TextareaField } from "./field";
import { CheckboxGroup, RadioGroup } from "./fieldset";
import { Flash } from "./flash";
import { FormError } from "./form-error";
import { LinkButton } from "./link-button";
import { Pager } from "./pager";
import { renderStatic } from "./render-test-utils";
import { StatCard, StatGrid } from "./stat-card";
import { Tabs } from "./tabs";

const attr = (el: Element | null, name: string) => el?.getAttribute(name) ?? null;

describe("Button and LinkButton", () => {
  it("is a plain button unless told to submit, with variant and size classes", () => {
    const { $ } = renderStatic(
      <Button variant="danger" size="sm">
        Revoke
      </Button>,
    );
    const button = $("button");
    expect(attr(button, "type")).toBe("button");
    expect(attr(button, "class")).toBe("button danger size-sm");
    expect(button?.textContent).toBe("Revoke");
  });

  it("while pending is disabled, busy, and shows a decorative spinner", () => {
    const { $ } = renderStatic(
      <Button type="submit" variant="primary" pending pendingLabel="Saving…">
        Save
      </Button>,
    );
    const button = $("button");
    expect(button?.hasAttribute("disabled")).toBe(true);
    expect(attr(button, "aria-busy")).toBe("true");
    expect(attr($("button svg"), "aria-hidden")).toBe("true");
    expect(button?.textContent).toBe("Saving…");
  });

  it("LinkButton is a link styled as a button", () => {
    const { $ } = renderStatic(
      <LinkButton to="/student/request" variant="primary" icon={Inbox}>
        Request a badge
      </LinkButton>,
    );
    const link = $("a");
    expect(attr(link, "href")).toBe("/student/request");
    expect(attr(link, "class")).toBe("button primary");
    expect(attr($("a svg"), "aria-hidden")).toBe("true");
  });
});

describe("Field", () => {
  it("labels its input and ties the hint and the error to it", () => {
    const { $ } = renderStatic(<Field label="Email" name="email" hint="We never share it." error="Enter an email address." />);
    const input = $("input");
    const id = attr(input, "id");
    expect(attr($("label"), "for")).toBe(id);
    expect(attr(input, "aria-invalid")).toBe("true");
    const described = (attr(input, "aria-describedby") ?? "").split(" ");
    expect(described.map((d) => $(`[id="${d}"]`)?.textContent)).toEqual(["We never share it.", "Enter an email address."]);
  });

  it("is not marked invalid without an error", () => {
    const { $ } = renderStatic(<Field label="Name" name="name" />);
    expect($("input")?.hasAttribute("aria-invalid")).toBe(false);
    expect($("input")?.hasAttribute("aria-describedby")).toBe(false);
  });

  it("has select and textarea forms with the same wiring", () => {
    const { $ } = renderStatic(
      <>
        <SelectField label="Role" name="role" error="Pick a role.">
          <option>student</option>
        </SelectField>
        <TextareaField label="Reason" name="reason" hint="Shown to the learner." />
      </>,
    );
    expect(attr($("label[for]"), "for")).toBe(attr($("select"), "id"));
    expect(attr($("select"), "aria-invalid")).toBe("true");
    expect($(`[id="${attr($("textarea"), "aria-describedby")}"]`)?.textContent).toBe("Shown to the learner.");
  });
});

describe("Fieldset, RadioGroup, CheckboxGroup", () => {
  it("groups radios under a legend, each with its own label, the error describing the group", () => {
    const { $, $$ } = renderStatic(
      <RadioGroup
        legend="Format"
        name="format"
        defaultValue="csv"
        error="Choose a format."
        options={[
          { value: "csv", label: "CSV" },
          { value: "xlsx", label: "Excel", hint: "One sheet per table." },
        ]}
      />,
    );
    expect($("fieldset > legend")?.textContent).toBe("Format");
    const radios = $$("input[type=radio]");
    expect(radios).toHaveLength(2);
    for (const radio of radios) {
      expect(attr(radio, "name")).toBe("format");
      expect($(`label[for="${attr(radio, "id")}"]`)).not.toBeNull();
      expect(attr(radio, "aria-invalid")).toBe("true");
    }
    expect(radios[0]?.hasAttribute("checked")).toBe(true);
    expect($(`[id="${attr(radios[1] ?? null, "aria-describedby")}"]`)?.textContent).toBe("One sheet per table.");
    expect($(`[id="${attr($("fieldset"), "aria-describedby")}"]`)?.textContent).toBe("Choose a format.");
  });

  it("ticks the default values of a checkbox group", () => {
    const { $$ } = renderStatic(
      <CheckboxGroup
        legend="Email me about"
        name="topics"
        defaultValues={["awards"]}
        options={[
          { value: "decisions", label: "Decisions" },
          { value: "awards", label: "Awards" },
        ]}
      />,
    );
    expect($$("input[type=checkbox]").map((c) => c.hasAttribute("checked"))).toEqual([false, true]);
  });
});

describe("DataTable", () => {
  const table = (url: string) =>
    renderStatic(
      <DataTable
        caption="People"
        sortDefault={{ by: "name", dir: "asc" }}
        columns={[{ label: "Name", sort: "name" }, "Email", { label: "Awards", sort: "awards", numeric: true }, { hidden: "Actions" }]}
        rowCount={0}
        empty="No people match."
      >
        {null}
      </DataTable>,
      { url },
    );

  it("sorts with plain links that keep the filters and go back to page 1", () => {
    const { $$ } = table("/?q=ada&page=3");
    const links = $$("th a");
    expect(links.map((a) => a.textContent)).toEqual(["Name", "Awards"]);
    // Sorted by name ascending (the default): its link reverses it; another column starts ascending.
    expect(attr(links[0] ?? null, "href")).toBe("/?q=ada&sort=name&dir=desc");
    expect(attr(links[1] ?? null, "href")).toBe("/?q=ada&sort=awards&dir=asc");
    const headings = $$("thead th");
    expect(headings.map((h) => attr(h, "aria-sort"))).toEqual(["ascending", null, null, null]);
    expect(headings.every((h) => attr(h, "scope") === "col")).toBe(true);
    expect(headings[3]?.textContent).toBe("Actions");
  });

  it("marks the column the query string sorts by", () => {
    const { $$ } = table("/?sort=awards&dir=desc");
    expect($$("thead th").map((h) => attr(h, "aria-sort"))).toEqual([null, null, "descending", null]);
    expect(attr($$("th a")[1] ?? null, "href")).toBe("/?sort=awards&dir=asc");
  });

  it("names its scrolling region by the caption and says when it is empty", () => {
    const { $ } = table("/");
    const region = $(".table-wrap");
    expect(attr(region, "role")).toBe("region");
    expect(attr(region, "aria-label")).toBe("People");
    expect(attr(region, "tabindex")).toBe("0");
    expect($("caption")?.textContent).toBe("People");
    // React writes `colSpan`; browsers read attribute names case-insensitively, linkedom does not.
    expect(attr($("td.empty"), "colSpan")).toBe("4");
    expect($("td.empty")?.textContent).toBe("No people match.");
  });

  it("builds sort links from any query string", () => {
    expect(sortHref(new URLSearchParams("sort=name&dir=desc"), "name", { by: "name", dir: "asc" })).toBe("?sort=name&dir=asc");
    expect(sortHref(new URLSearchParams(""), "joined", { by: "joined", dir: "desc" })).toBe("?sort=joined&dir=asc");
  });
});

describe("Tabs", () => {
  it("are links, the current one marked aria-current=page", () => {
    const { $, $$ } = renderStatic(
      <Tabs
        label="Requests"
        current="approved"
        items={[
          { id: "pending", label: "Pending", to: "?tab=pending", count: 3 },
          { id: "approved", label: "Approved", to: "?tab=approved" },
        ]}
      />,
    );
    expect(attr($("nav"), "aria-label")).toBe("Requests");
    const links = $$("nav a");
    expect(links.map((a) => attr(a, "href"))).toEqual(["/?tab=pending", "/?tab=approved"]);
    expect(links.map((a) => attr(a, "aria-current"))).toEqual([null, "page"]);
    expect(links[0]?.textContent).toBe("Pending3");
  });
});

describe("Badge, Flash, FormError", () => {
  it("a badge carries an icon besides its colour, hidden from screen readers", () => {
    const { $ } = renderStatic(<Badge tone="success">earned</Badge>);
    expect(attr($("span"), "class")).toBe("chip tone-success");
    expect(attr($("span svg"), "aria-hidden")).toBe("true");
    expect($("span")?.textContent).toBe("earned");
  });

  it("a flash is a polite status, visible without JavaScript and without a dead Dismiss button", () => {
    const { $ } = renderStatic(<Flash tone="success">Request submitted.</Flash>);
    expect(attr($(".flash"), "role")).toBe("status");
    expect($(".flash")?.textContent).toContain("Request submitted.");
    expect($("button")).toBeNull();
  });

  it("a form error is an alert", () => {
    const { $ } = renderStatic(<FormError message="Nothing was saved." />);
    expect(attr($("p"), "role")).toBe("alert");
    expect($("p")?.textContent).toBe("Nothing was saved.");
  });
});

describe("ConfirmDialog", () => {
  const dialog = (actionData?: unknown) =>
    renderStatic(
      <ConfirmDialog
        confirmKey="delete-42"
        fields={{ intent: "delete", id: "42" }}
        trigger="Delete"
        triggerLabel="Delete Prompting 101"
        title="Delete “Prompting 101”?"
        confirmLabel="Delete"
      >
        <p>This cannot be undone.</p>
      </ConfirmDialog>,
      { url: "/admin/catalog?item=7", ...(actionData === undefined ? {} : { actionData }) },
    );

  it("sends an unconfirmed form when no script runs (the dialog only exists once a script opens it)", () => {
    const { $, $$ } = dialog();
    const form = $("form");
    expect(attr(form, "method")).toBe("post");
    const hidden = Object.fromEntries($$("form > input[type=hidden]").map((i) => [attr(i, "name"), attr(i, "value")]));
    expect(hidden).toEqual({ intent: "delete", id: "42", _confirm: "delete-42" });
    const trigger = $("form > button");
    expect(attr(trigger, "type")).toBe("submit");
    expect(attr(trigger, "aria-label")).toBe("Delete Prompting 101");
    expect($("dialog")).toBeNull();
    // Nothing in the server's markup confirms: the first submit always asks.
    expect($$("[name=_confirmed]")).toEqual([]);
  });

  it("renders the server's confirmation step in place, carrying the same fields", () => {
    const { $, $$ } = dialog({ confirmation: { key: "delete-42", fields: { intent: "delete", id: "42", reason: "duplicate" } } });
    expect($("dialog")).toBeNull();
    const step = $("section.confirm-step");
    expect($(`[id="${attr(step, "aria-labelledby")}"]`)?.textContent).toBe("Delete “Prompting 101”?");
    const hidden = Object.fromEntries($$("section form input[type=hidden]").map((i) => [attr(i, "name"), attr(i, "value")]));
    expect(hidden).toEqual({ intent: "delete", id: "42", reason: "duplicate", _confirm: "delete-42" });
    const confirm = $("section form button[type=submit]");
    expect([attr(confirm, "name"), attr(confirm, "value"), confirm?.textContent]).toEqual(["_confirmed", "yes", "Delete"]);
    expect(attr($("section a"), "href")).toBe("/admin/catalog?item=7");
  });

  it("ignores another dialog's step", () => {
    const { $ } = dialog({ confirmation: { key: "delete-43", fields: {} } });
    expect($("section.confirm-step")).toBeNull();
    expect($("form > button")?.textContent).toBe("Delete");
  });
});

describe("confirmationRequested", () => {
  const form = (entries: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(entries)) f.set(k, v);
    return f;
  };
  it("asks when a ConfirmDialog form is not confirmed, echoing its text fields", () => {
    expect(confirmationRequested(form({ intent: "truncate", _confirm: "truncate", mode: "truncate" }))).toEqual({
      confirmation: { key: "truncate", fields: { intent: "truncate", mode: "truncate" } },
    });
  });
  it("lets confirmed forms and forms without a key through", () => {
    expect(confirmationRequested(form({ intent: "truncate", _confirm: "truncate", _confirmed: "yes" }))).toBeNull();
    expect(confirmationRequested(form({ intent: "truncate" }))).toBeNull();
  });
});

describe("Pager and Breadcrumb", () => {
  it("pages with links that keep the query string", () => {
    const { $, $$ } = renderStatic(<Pager page={2} pageCount={5} />, { url: "/roster?q=ada&page=2" });
    expect(attr($("nav"), "aria-label")).toBe("Pages");
    expect($$("nav a").map((a) => [a.textContent, attr(a, "href"), attr(a, "rel")])).toEqual([
      ["Previous", "/roster?q=ada&page=1", "prev"],
      ["Next", "/roster?q=ada&page=3", "next"],
    ]);
    expect($(".pager-summary")?.textContent).toBe("Page 2 of 5");
  });

  it("shows nothing for a single page", () => {
    expect(renderStatic(<Pager page={1} pageCount={1} />).html).toBe("");
  });

  it("marks the current page last in the breadcrumb", () => {
    const { $, $$ } = renderStatic(
      <Breadcrumb
        items={[
          { label: "Catalog", to: "/catalog" },
          { label: "AI Foundations", to: "/catalog?item=1" },
          { label: "Prompt craft", to: "/ignored" },
        ]}
      />,
    );
    expect(attr($("nav"), "aria-label")).toBe("Breadcrumbs");
    expect($$("nav a").map((a) => a.textContent)).toEqual(["Catalog", "AI Foundations"]);
    expect($("[aria-current=page]")?.textContent).toBe("Prompt craft");
    expect($$("li svg").every((s) => attr(s, "aria-hidden") === "true")).toBe(true);
  });
});

describe("Card and StatCard", () => {
  it("a card is a section named by its heading", () => {
    const { $ } = renderStatic(<Card title="Awards">body</Card>);
    expect($(`[id="${attr($("section"), "aria-labelledby")}"]`)?.tagName).toBe("H2");
  });

  it("figures are a labelled description list sized by their number", () => {
    const { $, $$ } = renderStatic(
      <StatGrid label="Approval queue">
        <StatCard label="Pending" value={3} trend={{ direction: "up", label: "+1 on last week" }} />
        <StatCard label="Oldest" value="2 days" hint="since Monday" />
      </StatGrid>,
    );
    expect(attr($("dl"), "aria-label")).toBe("Approval queue");
    expect(attr($("dl"), "style")).toContain("--stat-count:2");
    expect($$("dt").map((d) => d.textContent)).toEqual(["Pending", "Oldest"]);
    expect($$("dd").map((d) => d.textContent)).toEqual(["3", "+1 on last week", "2 days", "since Monday"]);
  });
});
