// How form text becomes schema input, shared by the server's parseInput and the browser's inline
// validation, so both read a form the same way (ADR 018).
import { configureCoercion } from "@conform-to/zod/v4/future";

// Checkboxes send "on", our yes/no selects and radios "yes"/"no", hidden flags "true"/"false".
const TRUE = new Set(["on", "yes", "true"]);
const FALSE = new Set(["off", "no", "false"]);
const boolean = (text: string) => {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new Error("not a boolean"); // the schema then refuses the text with its own message
};
// A posted form keeps its blank fields as "": the api's schemas were written for form text and
// treat a blank themselves, with their own message ("Enter your email.", an optional field left
// empty). In a query string a blank is an unset filter (a GET form sends every field), so it is dropped.
export const forForms = configureCoercion({ stripEmptyString: (text) => text, type: { boolean } }).coerceFormValue;
export const forQueries = configureCoercion({ type: { boolean } }).coerceFormValue;
