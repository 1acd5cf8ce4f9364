import { ChangePasswordInputSchema, EmailPreferenceInputSchema, LeaderboardNameInputSchema, type RouterInputs } from "@missionboard/api";
import { firstNameAndInitial, type LeaderboardNameStyle, ProfileInputSchema } from "@missionboard/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppShell } from "../components/app-shell";
import { ShellErrorBoundary } from "../components/shell-error-boundary";
import { UtcTime } from "../components/time";
import { Button } from "../components/ui/button";
import { Field } from "../components/ui/field";
import { RadioGroup } from "../components/ui/fieldset";
import { FormError, Notice } from "../components/ui/form-error";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { redirectWithFlash } from "../lib/flash.server";
import { fieldError, formError, formValues, parseInput } from "../lib/form.server";
import { useInlineValidation } from "../lib/inline-validation";
import { clearSessionToken, commitSessionToken } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "My profile · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const profile = await api.profile.get().catch(toRouteError(request, requestId));
  const [unread, email, owuiLink] = await Promise.all([
    api.notification.unreadCount(),
    api.notification.emailPreference(),
    api.profile.owuiLink(),
  ]).catch(toRouteError(request, requestId));
  return { user: { name: user.name, role: user.role, unread }, profile, emailNotifications: email.enabled, owuiLink };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "profile") {
    const values = formValues(form, ["displayName", "substackEmail", "meetupEmail"]);
    try {
      await api.profile.update(parseInput(ProfileInputSchema, form));
      return { intent, saved: "Your profile is saved.", fieldErrors: {}, values };
    } catch (error) {
      return formError(request, requestId, error, values);
    }
  }
  if (intent === "password") {
    if (form.get("newPassword") !== form.get("confirm")) return fieldError("confirm", "The two passwords are different.");
    try {
      const session = await api.auth.changePassword(parseInput(ChangePasswordInputSchema, form));
      return data(
        { intent, saved: "Your password is changed. Other devices have been signed out.", fieldErrors: {}, values: {} },
        { headers: { "Set-Cookie": await commitSessionToken(request, session.token, session.expiresAt) } },
      );
    } catch (error) {
      return formError(request, requestId, error);
    }
  }
  if (intent === "notifications") {
    try {
      const { enabled } = parseInput(EmailPreferenceInputSchema, form);
      await api.notification.setEmailPreference({ enabled });
      return { intent, saved: enabled ? "Email notifications are on." : "Email notifications are off.", fieldErrors: {}, values: {} };
    } catch (error) {
      return formError(request, requestId, error);
    }
  }
  if (intent === "leaderboard-name") {
    try {
      await api.profile.setLeaderboardName(parseInput(LeaderboardNameInputSchema, form));
      return { intent, saved: "Your name on the boards is saved.", fieldErrors: {}, values: {} };
    } catch (error) {
      return formError(request, requestId, error);
    }
  }
  if (intent === "sign-out-everywhere") {
    await api.auth.signOutEverywhere().catch(toRouteError(request, requestId));
    throw await redirectWithFlash(
      request,
      "/login",
      { kind: "success", message: "You have been signed out everywhere." },
      { headers: { "Set-Cookie": await clearSessionToken(request) } },
    );
  }
  throw data({ message: "Unknown action." }, { status: 400 });
}

const profileField = fieldName<RouterInputs["profile"]["update"]>;
const passwordField = fieldName<RouterInputs["auth"]["changePassword"]>;
const emailField = fieldName<RouterInputs["notification"]["setEmailPreference"]>;
const boardNameField = fieldName<RouterInputs["profile"]["setLeaderboardName"]>;

export default function Profile() {
  const { user, profile, emailNotifications, owuiLink } = useLoaderData<typeof loader>();
  // docs/product/missions.md §M-17: what each choice looks like for this person.
  const boardNames: [LeaderboardNameStyle, string, string][] = [
    ["alias", "An alias", owuiLink ? owuiLink.alias : "an agent name, shown once your missions are linked"],
    ["first-initial", "First name and initial", firstNameAndInitial(profile.name)],
    ["full", "Full name", profile.name],
  ];
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.fieldErrors ?? {};
  const saved = result && "saved" in result ? result.saved : null;
  // The details form is checked in the browser with the schema its action parses it with.
  const details = useInlineValidation(ProfileInputSchema, errors);
  return (
    <AppShell user={user}>
      <h1>My profile</h1>
      {saved ? <Notice>{saved}</Notice> : null}
      <div className="cards">
        <section className="card">
          <h2>Program details</h2>
          <p className="muted">
            {profile.name} · {profile.email}
          </p>
          <Form method="post" noValidate {...details.form}>
            <input type="hidden" name="intent" value="profile" />
            <FormError message={errors.form} />
            <Field
              label="Display name"
              name={profileField("displayName")}
              maxLength={50}
              defaultValue={profile.displayName ?? ""}
              error={details.errors.displayName}
            />
            <Field
              label="Substack email (optional)"
              name={profileField("substackEmail")}
              type="email"
              defaultValue={profile.substackEmail ?? ""}
              error={details.errors.substackEmail}
            />
            <Field
              label="Meetup email (optional)"
              name={profileField("meetupEmail")}
              type="email"
              defaultValue={profile.meetupEmail ?? ""}
              error={details.errors.meetupEmail}
            />
            <p className="hint">
              Terms accepted <UtcTime value={profile.consentAt} dateOnly /> (version {profile.consentVersion ?? "—"}).
            </p>
            <Button type="submit" pendingLabel="Saving…">
              Save
            </Button>
          </Form>
        </section>
        <section className="card">
          <h2>{profile.hasPassword ? "Change password" : "Set a password"}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="password" />
            {profile.hasPassword ? (
              <Field
                label="Current password"
                name={passwordField("currentPassword")}
                type="password"
                autoComplete="current-password"
                error={errors.currentPassword}
              />
            ) : null}
            <Field
              label="New password"
              name={passwordField("newPassword")}
              type="password"
              autoComplete="new-password"
              error={errors.newPassword}
              hint="At least 10 characters."
            />
            <Field label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" error={errors.confirm} />
            <Button type="submit">Save password</Button>
          </Form>
        </section>
        <section className="card" aria-labelledby="missions-heading">
          <h2 id="missions-heading">Missions and leaderboards</h2>
          <p data-testid="owui-link">
            {owuiLink ? (
              <>
                Your missions are linked to the OpenWebUI account <strong>{owuiLink.email ?? owuiLink.name ?? "without an email"}</strong>.
              </>
            ) : (
              <>Your missions are not linked to an OpenWebUI account yet: ask staff if you have done missions in OpenWebUI.</>
            )}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="leaderboard-name" />
            <RadioGroup
              legend="How leaderboards show you to other learners"
              hint="Staff always see your name."
              name={boardNameField("leaderboardName")}
              defaultValue={profile.leaderboardName}
              options={boardNames.map(([value, label, example]) => ({ value, label, hint: example }))}
              error={errors.leaderboardName}
            />
            <Button type="submit">Save name on boards</Button>
          </Form>
        </section>
        <section className="card">
          <h2>Email notifications</h2>
          <p className="muted">Decisions on your requests and new badges always appear under the bell. Also send them by email?</p>
          <Form method="post">
            <input type="hidden" name="intent" value="notifications" />
            <fieldset className="choice">
              <legend>Email me about notifications</legend>
              <label>
                <input type="radio" name={emailField("enabled")} value="on" defaultChecked={emailNotifications} /> On
              </label>{" "}
              <label>
                <input type="radio" name={emailField("enabled")} value="off" defaultChecked={!emailNotifications} /> Off
              </label>
              {errors.enabled ? <p className="field-error">{errors.enabled}</p> : null}
            </fieldset>
            <Button type="submit">Save email setting</Button>
          </Form>
        </section>
        <section className="card">
          <h2>Sessions</h2>
          <p className="muted">Signed in on a shared or lost device? End every session, including this one.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="sign-out-everywhere" />
            <Button type="submit">Sign out everywhere</Button>
          </Form>
        </section>
      </div>
    </AppShell>
  );
}

export { ShellErrorBoundary as ErrorBoundary };
