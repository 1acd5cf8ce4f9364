import { tooltipDismissal } from "./chart-frame";

/**
 * A chart drawn as markup on the server (chart-markup.server.tsx): the dashboards' charts are the
 * same for every viewer until the data changes, so their markup is made once and kept rather than
 * rendered by React on every request (docs/decisions/032-server-render-route-cache.md). The wrapper
 * adds no box (`display: contents`) and brings the tooltips' Escape key.
 */
export function ChartMarkup({ html }: { html: string }) {
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: markup rendered by React itself on the server (chart-markup.server.tsx)
    <div className="chart-markup" {...tooltipDismissal} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
