import type { MailMessage } from "../mail/message";
import { escapeHtml } from "../mail/templates";
import { describeAge } from "./time";

export interface DigestFacts {
  pending: number;
  oldestSubmittedAt: Date;
  /** Absolute link to the approval queue. */
  queueUrl: string;
}

/** The staff's daily "requests are waiting" email. */
export function staffDigestEmail(to: string, name: string, facts: DigestFacts, now: Date): MailMessage {
  const waiting = facts.pending === 1 ? "1 badge request is waiting" : `${facts.pending} badge requests are waiting`;
  const lines = [`Hi ${name},`, `${waiting} for a decision. The oldest was submitted ${describeAge(facts.oldestSubmittedAt, now)} ago.`];
  return {
    to,
    subject: `Missionboard: ${waiting}`,
    text: `${lines.join("\n\n")}\n\n${facts.queueUrl}\n\nYou can turn these emails off on your profile page.`,
    html: `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("\n")}\n<p><a href="${escapeHtml(facts.queueUrl)}">Open the approval queue</a></p>`,
  };
}
