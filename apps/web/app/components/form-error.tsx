// Moved to ui/form-error.tsx (the design system); this path stays until every route imports from ui/.
export { FormError, Notice } from "./ui/form-error";
