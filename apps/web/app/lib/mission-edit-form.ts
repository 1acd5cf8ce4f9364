// The admin's mission edit form as text (/admin/missions): how its fields become the api's
// mission.update input (the action), and the same fields checked in the browser before they are
// sent (inline validation, ADR 018) with core's rules: the week, points and difficulty of
// MissionEditFieldsSchema and the markers' markerListProblem, so both sides word a problem alike.
// Aliases are left to the server: whether one is taken needs the other missions.
import { MissionEditFieldsSchema, markerListProblem } from "@missionboard/core";
import { z } from "zod";

/** The non-blank lines of a textarea, trimmed. */
export const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");

/** One marker per line: a phrase, `/regex/flags`, or a JSON object `{"phrase": …, "points": 10}`. */
export function parseMarkerLines(text: string): { markers: unknown[] } | { error: string } {
  const markers: unknown[] = [];
  for (const [i, line] of lines(text).entries()) {
    if (line.startsWith("{")) {
      try {
        markers.push(JSON.parse(line));
      } catch {
        return { error: `Line ${i + 1} starts with "{" but is not valid JSON.` };
      }
    } else markers.push(line);
  }
  return { markers };
}

/** A stored marker as the form shows it: one line. */
export const markerLine = (marker: unknown): string => (typeof marker === "string" ? marker : JSON.stringify(marker));

/** A blank week, points or difficulty clears it (null); other text is read as the field's type. */
const blankIsNull = (toValue: (text: string) => unknown) => (value: unknown) =>
  typeof value === "string" ? (value.trim() === "" ? null : toValue(value.trim())) : value;

const { week, points, difficulty } = MissionEditFieldsSchema.shape;

/** The edit form's fields as the browser checks them (the server checks all of them again). */
export const MissionEditFormSchema = z.object({
  week: z.preprocess(blankIsNull(Number), week),
  points: z.preprocess(blankIsNull(Number), points),
  difficulty: z.preprocess(
    blankIsNull((text) => text),
    difficulty,
  ),
  markers: z.string().superRefine((text, ctx) => {
    const parsed = parseMarkerLines(text);
    const problem = "error" in parsed ? parsed.error : markerListProblem(parsed.markers);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});
