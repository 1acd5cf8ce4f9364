import { createMailer, type Mailer, smtpTransport } from "@missionboard/api";
import { getStore } from "./db.server";
import { getEnv } from "./env.server";
import { logError } from "./log.server";

let mailer: Promise<Mailer> | undefined;

/** The process's mail sender: SMTP when SMTP_URL is set, otherwise the development outbox. */
export function getMailer(): Promise<Mailer> {
  mailer ??= (async () => {
    const env = getEnv();
    return createMailer({
      store: await getStore(),
      transport: env.SMTP_URL ? smtpTransport(env.SMTP_URL) : null,
      from: env.MAIL_FROM,
      now: () => new Date(),
      onError: (error) => logError(error, { msg: "mail delivery failed" }),
      retryMs: 60_000,
    });
  })();
  return mailer;
}
