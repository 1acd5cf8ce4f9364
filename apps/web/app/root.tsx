import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, type ShouldRevalidateFunction, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { errorTitle, GeneralErrorBoundary } from "./components/error-boundary";
import { FlashMessage } from "./components/flash-message";
import { getShellUser } from "./lib/auth.server";
import { readFlash } from "./lib/flash.server";
import { useNonce } from "./lib/nonce";
import styles from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:," },
];

/** The title of a page without its own (an error page: the routes below it did not render). */
export const meta: MetaFunction = ({ error }) => [{ title: error ? `${errorTitle(error)} · Missionboard` : "Missionboard" }];

/**
 * The flash a redirect left for this page (read once: the response clears the cookie), and who is
 * signed in, so that an error page (403, 404) keeps the app's header.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const [{ flash, clear }, shellUser] = await Promise.all([readFlash(request), getShellUser(request, context)]);
  return data({ flash, shellUser }, clear ? { headers: { "Set-Cookie": clear } } : undefined);
}

/**
 * Read on every navigation (it only parses a cookie), so a flash shown on one page is gone from
 * the next instead of staying until something else revalidates the root.
 */
export const shouldRevalidate: ShouldRevalidateFunction = () => true;

export function Layout({ children }: { children: ReactNode }) {
  // The Content-Security-Policy lets inline scripts run only with this response's nonce.
  const nonce = useNonce();
  const flash = useRouteLoaderData<typeof loader>("root")?.flash;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <FlashMessage flash={flash} />
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/**
 * Errors no route boundary caught (the signed-out pages). A signed-in user's 403 and 404 are caught
 * by their route's ShellErrorBoundary (unknown addresses by routes/$.tsx), which keeps the header.
 */
export function ErrorBoundary() {
  return (
    <main className="centered">
      <GeneralErrorBoundary />
    </main>
  );
}
