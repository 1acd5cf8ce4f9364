import { RoleAreaErrorBoundary, RoleAreaLayout } from "../components/role-area";
import { roleAreaLoader } from "../lib/role-layout.server";

export const loader = roleAreaLoader(["admin", "assistant"]);
export default RoleAreaLayout;
export { RoleAreaErrorBoundary as ErrorBoundary };
