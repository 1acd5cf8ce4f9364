import { inject } from "vitest";

interface Mail {
  recipients: string[];
  subject: string;
  text: string;
}

/** Waits for a mail to `to` whose subject matches, as received by the real SMTP sink. */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 10_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mails = (await (await fetch(`${inject("mailboxUrl")}/messages`)).json()) as Mail[];
    const match = mails.filter((m) => m.recipients.includes(to.toLowerCase()) && subject.test(m.subject)).at(-1);
    if (match) return match;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
}

/** The first link in a mail's text, as a path the browser can open on the app. */
export function linkIn(mail: Mail): string {
  const url = mail.text.match(/https?:\/\/\S+/)?.[0];
  if (!url) throw new Error(`no link in "${mail.subject}"`);
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
