import type { MailMessage } from "./message";

// Plain, short messages: the text part is what most people read, the HTML part is the same words.
const html = (paragraphs: string[], link?: { href: string; label: string }) =>
  [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : "",
  ].join("\n");

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function verificationEmail(to: string, name: string, link: string): MailMessage {
  const lines = [`Hi ${name},`, "Please confirm your email address for Missionboard by opening this link (valid for 24 hours):"];
  return {
    to,
    subject: "Confirm your email for Missionboard",
    text: `${lines.join("\n\n")}\n\n${link}\n\nIf you did not create an account, ignore this message.`,
    html: html([...lines], { href: link, label: "Confirm my email" }),
  };
}

export function passwordResetEmail(to: string, name: string, link: string): MailMessage {
  const lines = [
    `Hi ${name},`,
    "Someone asked to reset the password of your Missionboard account. Open this link within an hour to choose a new one:",
  ];
  return {
    to,
    subject: "Reset your Missionboard password",
    text: `${lines.join("\n\n")}\n\n${link}\n\nIf it was not you, ignore this message: your password stays as it is.`,
    html: html(lines, { href: link, label: "Choose a new password" }),
  };
}

/**
 * Sent instead of an error when someone registers with an email that already has an account, so
 * the registration form never tells a stranger which emails are taken.
 */
export function registrationAttemptEmail(to: string, name: string, links: { signIn: string; reset: string }): MailMessage {
  const lines = [
    `Hi ${name},`,
    "Someone tried to create a Missionboard account with your email address, which already has an account. If it was you, sign in:",
  ];
  const reset = "Forgot your password? Choose a new one here:";
  return {
    to,
    subject: "Someone tried to register with your email",
    text: `${lines.join("\n\n")}\n\n${links.signIn}\n\n${reset}\n\n${links.reset}\n\nIf it was not you, ignore this message: nothing has changed.`,
    html: [
      html(lines, { href: links.signIn, label: "Sign in" }),
      html([reset], { href: links.reset, label: "Reset my password" }),
      html(["If it was not you, ignore this message: nothing has changed."]),
    ].join("\n"),
  };
}

export function accountApprovedEmail(to: string, name: string, link: string): MailMessage {
  const lines = [`Hi ${name},`, "Your Missionboard account has been approved. You can sign in now:"];
  return {
    to,
    subject: "Your Missionboard account is approved",
    text: `${lines.join("\n\n")}\n\n${link}`,
    html: html(lines, { href: link, label: "Sign in" }),
  };
}
