import { DIFFICULTIES } from "@missionboard/core";
import { describe, expect, it } from "vitest";
import { formDataErrors } from "./inline-validation";
import { MissionEditFormSchema, markerLine, parseMarkerLines } from "./mission-edit-form";

/** The edit form as the browser posts it: every field as text. */
function posted(fields: Partial<Record<"week" | "points" | "difficulty" | "aliases" | "markers", string>>): FormData {
  const data = new FormData();
  data.set("id", "0190b5c2-0000-7000-8000-000000000000");
  data.set("intent", "update");
  for (const [name, value] of Object.entries({ week: "", points: "", difficulty: "", aliases: "", markers: "", ...fields }))
    data.set(name, value);
  data.set("isActive", "yes");
  return data;
}

describe("mission edit form: what the browser says before anything is sent", () => {
  it.each([
    ["blank fields clear week, points and difficulty", {}, {}],
    [
      "a whole week, points, a difficulty and good markers",
      { week: "3", points: "25", difficulty: DIFFICULTIES[0], markers: "MISSION ACCOMPLISHED\n/case (approved|referred)/i" },
      {},
    ],
    ["a JSON marker line", { markers: '{"phrase": "MISSION REFERRED", "points": 15}' }, {}],
    ["a week that is not a number", { week: "three" }, { week: "The week must be a whole number." }],
    ["a week of 0", { week: "0" }, { week: "Weeks start at 1." }],
    ["points with a fraction", { points: "2.5" }, { points: "Points must be a whole number." }],
    ["negative points", { points: "-5" }, { points: "Points cannot be negative." }],
    ["an unknown difficulty", { difficulty: "impossible" }, { difficulty: `Choose one of: ${DIFFICULTIES.join(", ")}.` }],
    [
      "an unsafe regex among markers, numbered as the api numbers it",
      { markers: "MISSION ACCOMPLISHED\n/(a+)+$/" },
      { markers: expect.stringMatching(/^Marker 2: The marker \/\(a\+\)\+\$\/ is refused/) },
    ],
    ["a marker line that is broken JSON", { markers: "ok\n{phrase: 1}" }, { markers: 'Line 2 starts with "{" but is not valid JSON.' }],
    ["several problems at once", { week: "-1", points: "x" }, { week: "Weeks start at 1.", points: "Points must be a whole number." }],
  ] as const)("%s", (_case, fields, expected) => {
    expect(formDataErrors(MissionEditFormSchema, posted(fields))).toEqual(expected);
  });
});

describe("marker lines", () => {
  it("reads phrases, /regex/ lines and JSON objects, skipping blank lines, and writes them back one per line", () => {
    const text = "MISSION ACCOMPLISHED\n\n  /score:\\s*20/i  \n" + '{"phrase":"REFERRED","points":15}';
    const parsed = parseMarkerLines(text);
    expect(parsed).toEqual({ markers: ["MISSION ACCOMPLISHED", "/score:\\s*20/i", { phrase: "REFERRED", points: 15 }] });
    if ("markers" in parsed)
      expect(parsed.markers.map(markerLine)).toEqual(["MISSION ACCOMPLISHED", "/score:\\s*20/i", '{"phrase":"REFERRED","points":15}']);
  });
});
