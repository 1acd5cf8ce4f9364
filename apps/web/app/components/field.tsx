// Moved to ui/field.tsx (the design system); this path stays until every route imports from ui/.
export { Field, RowErrors } from "./ui/field";
