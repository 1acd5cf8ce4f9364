// Moved to ui/pager.tsx (the design system); this path stays until every route imports from ui/.
export { Pager } from "./ui/pager";
