// Moved to ui/data-table.tsx (the design system); this path stays until every route imports from ui/.
export { type Column, DataTable } from "./ui/data-table";
