// The route table: Remix's flat-routes file convention over app/routes, unchanged from before the
// v3_routeConfig future flag (tests/e2e/route-config.spec.ts compares the built table with it).
import { flatRoutes } from "@remix-run/fs-routes";
import type { RouteConfig } from "@remix-run/route-config";

export default flatRoutes() satisfies RouteConfig;
