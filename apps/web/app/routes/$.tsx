// Any address no other route answers. Remix runs the root loader only for a matched route, so
// without this the 404 page could not know who is signed in and lost the app's header.
import { data } from "@remix-run/node";
import { ShellErrorBoundary } from "../components/shell-error-boundary";

const notFound = () => {
  throw data(null, { status: 404 });
};

export const loader = notFound;
export const action = notFound;

export default function NotFound() {
  return null;
}

export { ShellErrorBoundary as ErrorBoundary };
