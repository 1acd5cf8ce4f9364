// Download tickets: a streamed CSV's pages are read one request at a time, and the ticket ties them
// to one audited start (`begin`) by the same user, for the same file and the same personal-data
// choice. An HMAC of those, with the time it was issued; valid for an hour.
import { createHmac, timingSafeEqual } from "node:crypto";
import { ForbiddenError } from "@missionboard/core";
import type { Context, SessionUser } from "../context";
import { pseudonymizer } from "./pseudonym";

export const TICKET_MESSAGES = {
  badTicket: "This download has expired or was not started here. Start it again from the exports page.",
} as const;

const TICKET_TTL_MS = 60 * 60 * 1000;

/** What a ticket is for: the file (table) and whether it holds personal data. */
export interface TicketSubject {
  file: string;
  personalData: boolean;
}

const ticketMac = (key: string | undefined, user: SessionUser, subject: TicketSubject, issuedAt: number) =>
  createHmac("sha256", key || pseudonymizer(undefined)("ticket-key"))
    .update(`export-ticket:${user.id}:${subject.file}:${subject.personalData}:${issuedAt}`)
    .digest("hex");

export function issueTicket(ctx: Pick<Context, "settings" | "now">, user: SessionUser, subject: TicketSubject): string {
  const issuedAt = ctx.now().getTime();
  return `${issuedAt}.${ticketMac(ctx.settings.exportKey, user, subject, issuedAt)}`;
}

/** FORBIDDEN unless `ticket` was issued to `user` for `subject` within the last hour. */
export function checkTicket(ctx: Pick<Context, "settings" | "now">, user: SessionUser, subject: TicketSubject, ticket: string): void {
  const [issued, mac] = ticket.split(".");
  const issuedAt = Number(issued);
  const age = ctx.now().getTime() - issuedAt;
  const expected = Buffer.from(ticketMac(ctx.settings.exportKey, user, subject, issuedAt));
  const given = Buffer.from(mac ?? "");
  if (
    !Number.isSafeInteger(issuedAt) ||
    age < -60_000 ||
    age > TICKET_TTL_MS ||
    given.length !== expected.length ||
    !timingSafeEqual(given, expected)
  )
    throw new ForbiddenError(TICKET_MESSAGES.badTicket);
}
