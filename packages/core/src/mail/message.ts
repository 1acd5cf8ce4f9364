/** queued → sending → sent | failed; "held" = no SMTP configured, kept for the development outbox. */
export const MAIL_STATUSES = ["queued", "sending", "sent", "failed", "held"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}
