// Builds the app once, then serves it on a free port for the browser tests, against a fresh
// SQLite database with the demo data, a real SMTP sink and local fake Google/Microsoft providers.
import { execFileSync } from "node:child_process";
import { seedDemo } from "@missionboard/api/seed";
import { startSmtpSink } from "@missionboard/api/test-support";
import { openStore } from "@missionboard/db";
import type { TestProject } from "vitest/node";
import { startFakeProvider } from "../fakes/oidc-provider";
import { freePort, freshSqliteUrl, serveMailbox, startAppServer, webDir } from "./app-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    /** Where the workers read what the SMTP sink received (see mailbox.ts). */
    mailboxUrl: string;
    /** Base URLs of the fake Google / Microsoft providers (steer them with controlFake). */
    fakeGoogleUrl: string;
    fakeMicrosoftUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Synchronous, so it runs before the sink starts (a blocked event loop would stall SMTP).
  execFileSync("pnpm", ["build"], { cwd: webDir, stdio: "inherit" });

  const databaseUrl = freshSqliteUrl("e2e");
  const store = openStore(databaseUrl);
  await store.migrate();
  await seedDemo(store);
  await store.close();

  const sink = await startSmtpSink();
  const mailbox = await serveMailbox(sink);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Local fake identity providers speaking real OAuth 2.0 / OIDC (tests/fakes/oidc-provider.ts).
  const google = await startFakeProvider("google", { redirectUris: [`${baseUrl}/auth/google/callback`] });
  const microsoft = await startFakeProvider("microsoft", { redirectUris: [`${baseUrl}/auth/microsoft/callback`], tenant: "common" });
  const app = await startAppServer(
    "e2e",
    databaseUrl,
    {
      REGISTRATION_MODE: "approval",
      SMTP_URL: sink.url,
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_ACCOUNTS_URL: google.url,
      GOOGLE_OAUTH2_URL: google.url,
      GOOGLE_APIS_URL: google.url,
      MICROSOFT_CLIENT_ID: microsoft.clientId,
      MICROSOFT_CLIENT_SECRET: microsoft.clientSecret,
      MICROSOFT_TENANT_ID: microsoft.tenant,
      MICROSOFT_LOGIN_URL: microsoft.url,
      MICROSOFT_GRAPH_URL: microsoft.url,
    },
    port,
  );

  project.provide("baseUrl", app.baseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("mailboxUrl", mailbox.url);
  project.provide("fakeGoogleUrl", google.url);
  project.provide("fakeMicrosoftUrl", microsoft.url);

  return async () => {
    await app.stop();
    await Promise.all([google.close(), microsoft.close(), mailbox.close(), sink.close()]);
  };
}
