import { closeStore, getStore } from "./db.server";
import { getEnv } from "./env.server";
import { log } from "./log.server";
import { getMailer } from "./mail.server";

/** Called by server.mjs before it listens: env, database and migrations are checked up front. */
export async function startup() {
  const env = getEnv();
  for (const warning of env.warnings) log({ msg: "warning", warning });
  const store = await getStore();
  const status = await store.migrationStatus();
  log({ msg: "database ready", engine: store.engine, migrationsApplied: status.applied, migrationsTotal: status.total });
  // Mail queued before a restart (or while SMTP was down) goes out now rather than at the first commit.
  (await getMailer()).afterCommit();
  return { port: env.PORT, host: env.HOST, trustProxy: env.TRUST_PROXY === "true", log, close: closeStore };
}
