// The catalog pages' query string (`?item=<id>&list=<kind>&page=<n|last>`) as `catalog.level` input.
import { LevelInputSchema } from "@missionboard/api";
import { parseSearch } from "./form.server";

/** `page=last` asks for the last page: the highest page there is, which the list clamps to its page count. */
const LAST_PAGE = String(LevelInputSchema.shape.page.unwrap().maxValue);

export function catalogLevelInput(url: string) {
  const params = new URL(url).searchParams;
  if (params.get("page") === "last") params.set("page", LAST_PAGE);
  return parseSearch(params, LevelInputSchema, { itemId: "item", kind: "list" });
}
