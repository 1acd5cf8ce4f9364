// Moved to ui/filter-form.tsx (the design system); this path stays until every route imports from ui/.
export { countOf, FilterForm, IgnoredFilters } from "./ui/filter-form";
