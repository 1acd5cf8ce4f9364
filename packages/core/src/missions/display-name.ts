/**
 * How a learner appears on boards other people see (docs/product/missions.md §M-17). Each learner
 * chooses in their profile; the default is an alias, so nobody's name is shown unless they chose it.
 */
export const LEADERBOARD_NAME_STYLES = ["alias", "first-initial", "full"] as const;
export type LeaderboardNameStyle = (typeof LEADERBOARD_NAME_STYLES)[number];

/** How an OpenWebUI user came to be linked to an account: by verified email, or by a staff member. */
export const OWUI_LINK_METHODS = ["email", "manual"] as const;
export type OwuiLinkMethod = (typeof OWUI_LINK_METHODS)[number];

const ADJECTIVES = [
  "Amber",
  "Azure",
  "Bold",
  "Brisk",
  "Calm",
  "Clever",
  "Cobalt",
  "Crimson",
  "Daring",
  "Deft",
  "Eager",
  "Emerald",
  "Fleet",
  "Gentle",
  "Golden",
  "Hidden",
  "Ivory",
  "Jade",
  "Keen",
  "Lucky",
  "Lunar",
  "Mellow",
  "Nimble",
  "Onyx",
  "Quiet",
  "Rapid",
  "Scarlet",
  "Silent",
  "Silver",
  "Solar",
  "Steady",
  "Swift",
] as const;
const ANIMALS = [
  "Badger",
  "Crane",
  "Falcon",
  "Fox",
  "Gecko",
  "Heron",
  "Ibis",
  "Jaguar",
  "Kestrel",
  "Lynx",
  "Marten",
  "Narwhal",
  "Ocelot",
  "Otter",
  "Owl",
  "Panda",
  "Puffin",
  "Quail",
  "Raven",
  "Seal",
  "Sparrow",
  "Stoat",
  "Swan",
  "Tiger",
  "Toucan",
  "Viper",
  "Walrus",
  "Wolf",
  "Wren",
  "Yak",
  "Zebra",
  "Lemur",
] as const;

/** FNV-1a, 32 bit: a stable, well-spread number from a string (not a secret). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A learner's alias: stable for the same id, different for most ids, never derived from a name.
 * The number keeps two learners with the same words apart (32 × 32 × 900 combinations).
 *
 * @example
 * leaderboardAlias("owui-user-1") // e.g. "Agent Swift Otter 417"
 */
export function leaderboardAlias(id: string): string {
  const h = fnv1a(id);
  const adjective = ADJECTIVES[h % ADJECTIVES.length];
  const animal = ANIMALS[Math.floor(h / ADJECTIVES.length) % ANIMALS.length];
  const number = 100 + (Math.floor(h / (ADJECTIVES.length * ANIMALS.length)) % 900);
  return `Agent ${adjective} ${animal} ${number}`;
}

/** "Ada Lovelace" → "Ada L."; a single word stays as it is. */
export function firstNameAndInitial(fullName: string): string {
  const parts = fullName.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "";
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  return parts.length === 1 ? first : `${first} ${[...last][0]?.toUpperCase()}.`;
}

export interface BoardPerson {
  /** The board's learner id (the OpenWebUI user id). */
  learnerId: string;
  /** The linked account's name and choice; null when the OpenWebUI user is linked to no account. */
  account: { name: string; style: LeaderboardNameStyle } | null;
  /** The OpenWebUI user's own name, shown to staff when there is no account. */
  owuiName: string | null;
}

/**
 * The name a viewer sees for a learner on a board: staff see the real name (the account's, else
 * OpenWebUI's, else the alias); everyone else sees what the learner chose, and an alias for anyone
 * who chose nothing or has no account.
 */
export function boardName(person: BoardPerson, viewer: "staff" | "learner"): string {
  const alias = leaderboardAlias(person.learnerId);
  if (viewer === "staff") return person.account?.name.trim() || person.owuiName?.trim() || alias;
  if (!person.account) return alias;
  const name = person.account.name.trim();
  if (!name) return alias;
  if (person.account.style === "full") return name;
  if (person.account.style === "first-initial") return firstNameAndInitial(name);
  return alias;
}
