// Mission names as reviewers type them, reduced to a comparable form (docs/product/credits.md §C-6).

/** A word boundary as Python 3's `\b` sees one (Unicode letters, digits and `_` are word characters). */
const word = (body: string) => new RegExp(`(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}_])`, "giu");

const MISSION_PREFIX = /^mission:\s*/i;
const WEEK_TOKEN = word("week\\s*\\p{Nd}+");
const DIFFICULTY_WORD = word("easy|medium|hard");
const DIFFICULTY = /difficulty/gi;
const CHALLENGE_WORD = word("challenges?");
const TRAILING_DIFFICULTY_PARENTHESIS = /\([^)]*difficulty[^)]*\)\s*$/i;
/** Python's string.punctuation: every ASCII punctuation character. */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * A mission name normalised as the old tool did (analytics spec §5.7), so "Mission: Intel Guardian
 * (Medium Difficulty)" and "intel guardian" compare equal. Null when nothing is left.
 *
 * @example normaliseMissionName("Week 2 - Seeds of Bias (Hard)") // "seeds of bias"
 */
export function normaliseMissionName(name: string | null | undefined): string | null {
  if (!name) return null;
  const normal = name
    .trim()
    .replace(MISSION_PREFIX, "")
    .replace(WEEK_TOKEN, " ")
    .replace(DIFFICULTY_WORD, " ")
    .replace(DIFFICULTY, "")
    .replace(CHALLENGE_WORD, " ")
    .replace(TRAILING_DIFFICULTY_PARENTHESIS, "")
    .replace(ASCII_PUNCTUATION, " ")
    .replace(/\s+/gu, " ")
    .trim()
    .toLowerCase();
  return normal === "" ? null : normal;
}
