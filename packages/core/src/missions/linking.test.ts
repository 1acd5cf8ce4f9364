import { describe, expect, it } from "vitest";
import { type EmailLinkPlan, type LinkableAccount, type LinkableOwuiUser, planEmailLinks } from "./linking";

const owui = (id: string, email: string | null, extra: Partial<LinkableOwuiUser> = {}): LinkableOwuiUser => ({
  id,
  email,
  userId: null,
  blocked: false,
  ...extra,
});
const account = (id: string, email: string, extra: Partial<LinkableAccount> = {}): LinkableAccount => ({
  id,
  email,
  verified: true,
  linked: false,
  ...extra,
});
const none: EmailLinkPlan = { links: [], conflicts: [] };

describe("planEmailLinks", () => {
  it.each<[string, LinkableOwuiUser[], LinkableAccount[], EmailLinkPlan]>([
    [
      "links equal emails",
      [owui("o1", "ada@x.org")],
      [account("u1", "ada@x.org")],
      { links: [{ owuiUserId: "o1", userId: "u1" }], conflicts: [] },
    ],
    [
      "ignores case and surrounding spaces",
      [owui("o1", "  Ada@X.ORG ")],
      [account("u1", "ada@x.org")],
      { links: [{ owuiUserId: "o1", userId: "u1" }], conflicts: [] },
    ],
    ["never links an unverified account", [owui("o1", "ada@x.org")], [account("u1", "ada@x.org", { verified: false })], none],
    ["never links a hand-unlinked OpenWebUI user", [owui("o1", "ada@x.org", { blocked: true })], [account("u1", "ada@x.org")], none],
    ["never links an OpenWebUI user linked elsewhere", [owui("o1", "ada@x.org", { userId: "u9" })], [account("u1", "ada@x.org")], none],
    ["never links an account that is linked already", [owui("o1", "ada@x.org")], [account("u1", "ada@x.org", { linked: true })], none],
    ["leaves different emails alone", [owui("o1", "ada@x.org")], [account("u1", "grace@x.org")], none],
    ["leaves OpenWebUI users without an email alone", [owui("o1", null), owui("o2", "  ")], [account("u1", "ada@x.org")], none],
    [
      "reports two OpenWebUI users sharing one account's email and links neither",
      [owui("o2", "ADA@x.org"), owui("o1", "ada@x.org"), owui("o3", "grace@x.org")],
      [account("u1", "ada@x.org"), account("u2", "grace@x.org")],
      {
        links: [{ owuiUserId: "o3", userId: "u2" }],
        conflicts: [{ userId: "u1", email: "ada@x.org", owuiUserIds: ["o1", "o2"] }],
      },
    ],
    [
      "a blocked twin does not make a conflict: staff already decided about it",
      [owui("o1", "ada@x.org", { blocked: true }), owui("o2", "ada@x.org")],
      [account("u1", "ada@x.org")],
      { links: [{ owuiUserId: "o2", userId: "u1" }], conflicts: [] },
    ],
    [
      "a twin linked elsewhere does not make a conflict",
      [owui("o1", "ada@x.org", { userId: "u7" }), owui("o2", "ada@x.org")],
      [account("u1", "ada@x.org")],
      { links: [{ owuiUserId: "o2", userId: "u1" }], conflicts: [] },
    ],
    [
      "the same rows listed twice count once",
      [owui("o1", "ada@x.org"), owui("o1", "ada@x.org")],
      [account("u1", "ada@x.org"), account("u1", "ada@x.org")],
      { links: [{ owuiUserId: "o1", userId: "u1" }], conflicts: [] },
    ],
    [
      "normalises unicode the way account emails are stored",
      [owui("o1", "E\u0301MILE@x.org")],
      [account("u1", "\u00e9mile@x.org")],
      { links: [{ owuiUserId: "o1", userId: "u1" }], conflicts: [] },
    ],
  ])("%s", (_, users, accounts, expected) => expect(planEmailLinks(users, accounts)).toEqual(expected));
});
