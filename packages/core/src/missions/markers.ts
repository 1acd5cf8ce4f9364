import { z } from "zod";
import { RuleViolationError } from "../errors";

/**
 * Completion markers: the seed's keyword list (docs/product/missions.md §M-6) kept as the default, plus
 * per-mission markers given as plain phrases or (guarded) regular expressions.
 */

/** The seed's success keywords, kept as the default marker list for parity (docs/product/missions.md §M-6). */
export const DEFAULT_COMPLETION_PHRASES: readonly string[] = [
  "mission accomplished",
  "challenge complete",
  "challenge completed",
  "mission_code:314-ghost",
  "mission code:314 ghost",
  "mission complete",
  "mission completed",
  "perfect mission",
  "mission evaluation complete",
  "challenges complete",
  "challenges completed",
];

/** Longest user-supplied regular expression accepted. */
export const REGEX_MARKER_MAX_LENGTH = 200;
/** A regex marker only scans the last this-many characters of a message (success blocks come last). */
export const REGEX_MARKER_MAX_INPUT = 20_000;
/** Longest phrase marker accepted. */
export const PHRASE_MARKER_MAX_LENGTH = 300;

/**
 * Words that, right before a phrase, mean it is not a success announcement: "not mission
 * complete", "Proceed to mission complete", "[…then show mission complete]" (docs/product/missions.md §M-6).
 */
export const PHRASE_NEGATORS: readonly string[] = ["not", "no", "never", "to", "show", "until", "before", "toward", "towards"];

const MarkerExtrasSchema = {
  /** Points this outcome awards instead of the mission's (e.g. Broken Compass Deny = 10). */
  points: z.number().int().min(0).nullish(),
  /** A label for the outcome this marker proves ("approve", "deny", …). */
  outcome: z.string().trim().min(1).max(60).nullish(),
};

/**
 * A marker as an admin or a manifest writes it:
 * - a string: a phrase, or `/pattern/flags` for a regular expression;
 * - `{ phrase }` or `{ regex, flags? }`, optionally with `points` and `outcome`.
 */
export const MissionMarkerSchema = z.union([
  z.string().trim().min(1, "A marker cannot be empty."),
  z.object({ phrase: z.string().trim().min(1, "A marker cannot be empty."), ...MarkerExtrasSchema }),
  z.object({ regex: z.string().min(1, "A regular expression cannot be empty."), flags: z.string().optional(), ...MarkerExtrasSchema }),
]);
export type MissionMarkerInput = z.input<typeof MissionMarkerSchema>;

export interface CompiledMarker {
  kind: "phrase" | "regex";
  /** The marker as written (`/…/flags` for a regex). */
  label: string;
  regex: RegExp;
  points: number | null;
  outcome: string | null;
}

export interface MarkerMatch {
  marker: CompiledMarker;
  /** The text that matched (normalised, lower-case, for phrases; as written for regexes). */
  matched: string;
}

// ---------------------------------------------------------------------------------------------
// Phrase normalisation
// ---------------------------------------------------------------------------------------------

/**
 * Text as phrase markers see it: NFKC, lower-case; brackets of every kind (`[]`, `()`, `{}`, `<>`,
 * `⟦⟧`, `【】`…), markdown emphasis (`*`, `` ` ``, `~`, `#`), quotes, `|`, emoji and other non-ASCII
 * symbols become spaces; runs of whitespace collapse to one space.
 *
 * @example
 * normaliseMarkerText("⟦**MISSION_CODE: 314-GHOST**⟧") // " mission_code: 314-ghost "
 */
export function normaliseMarkerText(text: string): string {
  // One pass: every run of whitespace, brackets/emphasis/quotes, or non-ASCII symbols becomes one
  // space (NFKC leaves pure ASCII as it is, so it is skipped there).
  const nfkc = NON_ASCII.test(text) ? text.normalize("NFKC") : text;
  return nfkc.toLowerCase().replace(IGNORED_RUN, " ");
}
const NON_ASCII = /[\u0080-\uffff]/;
const IGNORED_RUN = /(?:[^\p{L}\p{N}!-~]|[[\](){}<>*`~#|"'])+/gu;

type Token = { kind: "word" | "punct" | "number-placeholder"; text: string; spaced: boolean };

/** `[X]`, `[S]`, `[N]`: a single capital letter in brackets is a number placeholder ("FINAL SCORE: [X]/24"). */
const PLACEHOLDER = /\[[A-Z]\]/;

function tokenise(phrase: string): Token[] {
  const tokens: Token[] = [];
  const parts = phrase.split(PLACEHOLDER);
  parts.forEach((part, i) => {
    if (i > 0) tokens.push({ kind: "number-placeholder", text: "", spaced: true });
    const norm = normaliseMarkerText(part);
    let last = 0;
    for (const m of norm.matchAll(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}_-]/gu)) {
      const gap = norm.slice(last, m.index);
      tokens.push({ kind: /[\p{L}\p{N}]/u.test(m[0]) ? "word" : "punct", text: m[0], spaced: /[\s_-]/.test(gap) });
      last = m.index + m[0].length;
    }
  });
  return tokens;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * Compiles a phrase to a regular expression over {@link normaliseMarkerText} output:
 * - case-insensitive; brackets, emphasis and emoji around or inside the phrase are ignored;
 * - between two words, any run of spaces, `_` or `-` (at least one): `MISSION_CODE` = `mission code`;
 * - around punctuation, such a run is optional: `code:314` = `code : 314`;
 * - whole words only: "mission complete" does not match "Mission Completion";
 * - not a question: "Mission complete?" does not match;
 * - not right after a negator ({@link PHRASE_NEGATORS}): "Proceed to mission complete" does not match.
 */
function compilePhrase(phrase: string): RegExp {
  const tokens = tokenise(phrase);
  if (tokens.length === 0 || !tokens.some((t) => t.kind === "word")) {
    throw new RuleViolationError(`The marker "${phrase}" has no letters or digits to match.`, "markers");
  }
  let body = "";
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    if (prev) body += prev.kind === "word" && t.kind !== "punct" && t.spaced ? "[\\s_-]+" : "[\\s_-]*";
    body += t.kind === "number-placeholder" ? "\\d+" : escapeRegex(t.text);
  });
  const first = tokens[0] as Token;
  const last = tokens.at(-1) as Token;
  const negators = PHRASE_NEGATORS.join("|");
  const start = `(?<!(?:^|[^\\p{L}\\p{N}])(?:${negators})[\\s_-]+)${first.kind === "punct" ? "" : "(?<![\\p{L}\\p{N}])"}`;
  const end = `${last.kind === "punct" ? "" : "(?![\\p{L}\\p{N}])"}(?![\\s_-]*\\?)`;
  return new RegExp(start + body + end, "u");
}

// ---------------------------------------------------------------------------------------------
// Regex guard
// ---------------------------------------------------------------------------------------------

/**
 * Why a user-supplied regular expression is refused, or `null` when it is in the safe subset:
 * at most {@link REGEX_MARKER_MAX_LENGTH} characters, flags from `imsu`, valid syntax, no
 * back-references, no quantified group that itself contains a quantifier or `|` (the shapes behind
 * catastrophic backtracking, e.g. `(a+)+`, `(a|a)*`), and it must not match empty text.
 *
 * @example
 * regexMarkerProblem("MISSION_CODE:\\s*314")  // null
 * regexMarkerProblem("(a+)+$")                 // "nested quantifier …"
 */
export function regexMarkerProblem(pattern: string, flags = ""): string | null {
  if (pattern.length > REGEX_MARKER_MAX_LENGTH) return `it is longer than ${REGEX_MARKER_MAX_LENGTH} characters`;
  if (!/^[imsu]*$/.test(flags)) return `flags "${flags}" are not allowed (use i, m, s or u)`;
  if (/\\[1-9]|\\k</.test(pattern)) return "back-references are not allowed";
  // Scan groups: a group followed by a quantifier may not contain a quantifier or an alternation.
  const stack: { risky: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") stack.push({ risky: false });
    else if (c === "|" || c === "*" || c === "+" || (c === "{" && /^\{\d+,\d*\}/.test(pattern.slice(i)))) {
      const top = stack.at(-1);
      if (top) top.risky = true;
    } else if (c === ")") {
      const group = stack.pop();
      const next = pattern[i + 1];
      const quantified = next === "*" || next === "+" || next === "{";
      if (group?.risky && quantified) return "nested quantifier (a repeated group containing a repeat or |) is not allowed";
      const outer = stack.at(-1);
      if (outer && (group?.risky || quantified || next === "?")) outer.risky = true;
    }
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (error) {
    return `it is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  if (regex.test("")) return "it matches empty text";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Compile and match
// ---------------------------------------------------------------------------------------------

const REGEX_LITERAL = /^\/(.+)\/([a-z]*)$/s;

/**
 * Compiles one marker. Throws a `RuleViolationError` (field `markers`) with a clear message for an
 * empty phrase, an invalid or unsafe regular expression, or an over-long marker, so admin forms
 * and the registry can report it.
 *
 * @example
 * compileMarker("MISSION_CODE: 314-GHOST").regex.test(normaliseMarkerText("⟦MISSION_CODE:314-GHOST⟧")) // true
 * compileMarker("/score:\\s*20\\/20/")                   // a regex marker
 * compileMarker({ phrase: "MISSION REFERRED", points: 15, outcome: "refer" })
 * compileMarker("/(a+)+$/")                             // throws: nested quantifier …
 */
export function compileMarker(input: MissionMarkerInput): CompiledMarker {
  const parsed = MissionMarkerSchema.safeParse(input);
  if (!parsed.success) throw new RuleViolationError(parsed.error.issues[0]?.message ?? "Invalid marker.", "markers");
  const spec = parsed.data;
  const extras =
    typeof spec === "string" ? { points: null, outcome: null } : { points: spec.points ?? null, outcome: spec.outcome ?? null };
  let pattern: string | null = null;
  let flags = "";
  if (typeof spec === "string") {
    const lit = REGEX_LITERAL.exec(spec);
    if (lit) [pattern, flags] = [lit[1] as string, lit[2] as string];
  } else if ("regex" in spec) [pattern, flags] = [spec.regex, spec.flags ?? ""];

  if (pattern !== null) {
    const why = regexMarkerProblem(pattern, flags);
    if (why) throw new RuleViolationError(`The marker /${pattern}/${flags} is refused: ${why}.`, "markers");
    const allFlags = [...new Set(`i${flags}`)].join("");
    return { kind: "regex", label: `/${pattern}/${flags}`, regex: new RegExp(pattern, allFlags), ...extras };
  }
  const phrase = typeof spec === "string" ? spec : "phrase" in spec ? spec.phrase : "";
  if (phrase.length > PHRASE_MARKER_MAX_LENGTH) {
    throw new RuleViolationError(`The marker "${phrase.slice(0, 40)}…" is longer than ${PHRASE_MARKER_MAX_LENGTH} characters.`, "markers");
  }
  return { kind: "phrase", label: phrase, regex: compilePhrase(phrase), ...extras };
}

/**
 * The first problem of a mission's marker list (what an admin typed, one marker per line), or
 * null when every marker compiles: the message {@link compileMarker} gives, numbered when the list
 * has several ("Marker 2: …"). The api refuses an edit with it; the edit form shows it inline.
 */
export function markerListProblem(markers: readonly unknown[]): string | null {
  for (const [i, marker] of markers.entries()) {
    try {
      compileMarker(marker as MissionMarkerInput);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return markers.length === 1 ? message : `Marker ${i + 1}: ${message}`;
    }
  }
  return null;
}

/** The default markers, compiled once. */
export const DEFAULT_MARKERS: readonly CompiledMarker[] = DEFAULT_COMPLETION_PHRASES.map((p) => compileMarker(p));

/**
 * A message's text as markers read it, each form computed once however many markers look at it
 * (detection tries every marker of a mission on every reply).
 */
export class MarkerText {
  #normalised: string | null = null;
  #tail: string | null = null;
  constructor(readonly text: string) {}
  /** {@link normaliseMarkerText} of the text: what phrase markers match. */
  get normalised(): string {
    this.#normalised ??= normaliseMarkerText(this.text);
    return this.#normalised;
  }
  /** The NFKC text's last {@link REGEX_MARKER_MAX_INPUT} characters: what regex markers match. */
  get tail(): string {
    this.#tail ??= this.text.normalize("NFKC").slice(-REGEX_MARKER_MAX_INPUT);
    return this.#tail;
  }
}

/** The match of one marker in `text`, or `null`. */
export function matchMarker(text: MarkerText, marker: CompiledMarker): MarkerMatch | null {
  const m = marker.regex.exec(marker.kind === "phrase" ? text.normalised : text.tail);
  return m ? { marker, matched: m[0] } : null;
}

/**
 * The first marker (in list order) found in `text`, or `null`. Phrases are matched against
 * {@link normaliseMarkerText}; regexes against the NFKC text's last {@link REGEX_MARKER_MAX_INPUT}
 * characters.
 *
 * @example
 * findMarker("⟦MISSION_CODE:314-GHOST⟧", DEFAULT_MARKERS)?.marker.label // "mission_code:314-ghost"
 * findMarker("Mission complete?", DEFAULT_MARKERS)                      // null (a question)
 * findMarker("## Mission Completion criteria", DEFAULT_MARKERS)         // null (whole words)
 */
export function findMarker(text: string | MarkerText, markers: readonly CompiledMarker[]): MarkerMatch | null {
  const prepared = typeof text === "string" ? new MarkerText(text) : text;
  for (const marker of markers) {
    const hit = matchMarker(prepared, marker);
    if (hit) return hit;
  }
  return null;
}
