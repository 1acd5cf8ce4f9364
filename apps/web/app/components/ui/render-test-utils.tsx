// Test helpers: render a component to static markup as the server would (no JavaScript has run),
// inside a Remix router so links and forms work, and parse it to query the result.
import { createRemixStub } from "@remix-run/testing";
import { parseHTML } from "linkedom";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";

export function renderStatic(ui: ReactNode, { url = "/", actionData }: { url?: string; actionData?: unknown } = {}) {
  // biome-ignore lint/correctness/noComponentHookFactories: the route only returns the element under test
  const Stub = createRemixStub([{ id: "root", path: "*", Component: () => <>{ui}</>, action: () => null }]);
  // The memory router's RouterProvider uses a layout effect, which React warns about on the server.
  const error = console.error;
  console.error = (...args: unknown[]) => {
    if (!String(args[0]).includes("useLayoutEffect does nothing on the server")) error(...args);
  };
  let html: string;
  try {
    html = renderToStaticMarkup(
      <Stub initialEntries={[url]} {...(actionData === undefined ? {} : { hydrationData: { actionData: { root: actionData } } })} />,
    );
  } finally {
    console.error = error;
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return { html, document, $: (s: string) => document.querySelector(s), $$: (s: string) => [...document.querySelectorAll(s)] };
}
