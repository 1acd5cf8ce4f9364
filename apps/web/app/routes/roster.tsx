import { RoleAreaErrorBoundary, RoleAreaLayout } from "../components/role-area";
import { roleAreaLoader } from "../lib/role-layout.server";

/** /roster: staff only (the procedures check each action's permission again). */
export const loader = roleAreaLoader(["admin", "assistant"]);
export default RoleAreaLayout;
export { RoleAreaErrorBoundary as ErrorBoundary };
