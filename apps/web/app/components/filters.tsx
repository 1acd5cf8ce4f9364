// Moved to ui/filter-form.tsx (the design system); this path stays until every route imports from ui/.
export { countOf, FilterErrors, FilterForm } from "./ui/filter-form";
