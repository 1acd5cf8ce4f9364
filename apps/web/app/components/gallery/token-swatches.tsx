import type { CSSProperties } from "react";

const COLOR_GROUPS: { title: string; tokens: string[] }[] = [
  { title: "Surfaces", tokens: ["bg", "surface", "surface-raised", "surface-sunken", "surface-hover"] },
  { title: "Text and lines", tokens: ["text", "text-muted", "link", "border", "border-strong", "focus"] },
  { title: "Actions", tokens: ["primary", "primary-hover", "primary-soft", "danger", "danger-soft"] },
  { title: "Status", tokens: ["success", "success-soft", "warning", "warning-soft", "info", "info-soft", "neutral-soft"] },
];
const CHART_TOKENS = ["chart-1", "chart-2", "chart-3", "chart-4", "chart-5", "chart-grid", "chart-axis"];
const TYPE_SCALE = ["3xl", "2xl", "xl", "lg", "md", "sm", "xs"];
const SPACES = [1, 2, 3, 4, 5, 6, 7];
const RADII = ["sm", "md", "lg", "full"];
const SHADOWS = ["sm", "md", "lg"];

function Swatch({ token }: { token: string }) {
  return (
    <li className="swatch">
      <span className="swatch-chip" style={{ background: `var(--${token})` } as CSSProperties} />
      <code>--{token}</code>
    </li>
  );
}

/** The tokens of tokens.css as swatches and scales (the gallery's first section). */
export function TokenSwatches() {
  return (
    <div className="stack">
      {COLOR_GROUPS.map((g) => (
        <div key={g.title}>
          <h3>{g.title}</h3>
          <ul className="swatches">
            {g.tokens.map((t) => (
              <Swatch key={t} token={`color-${t}`} />
            ))}
          </ul>
        </div>
      ))}
      <div>
        <h3>Chart series</h3>
        <ul className="swatches">
          {CHART_TOKENS.map((t) => (
            <Swatch key={t} token={t} />
          ))}
        </ul>
      </div>
      <div>
        <h3>Type scale</h3>
        <ul className="type-scale">
          {TYPE_SCALE.map((size) => (
            <li key={size} style={{ fontSize: `var(--text-${size})` }}>
              <code>--text-{size}</code> Missions earn badges
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3>Spacing, radii, shadows</h3>
        <ul className="space-scale">
          {SPACES.map((n) => (
            <li key={n}>
              <span className="space-bar" style={{ width: `var(--space-${n})` }} />
              <code>--space-{n}</code>
            </li>
          ))}
        </ul>
        <ul className="shape-samples">
          {RADII.map((r) => (
            <li key={r} className="shape-sample" style={{ borderRadius: `var(--radius-${r})` }}>
              <code>--radius-{r}</code>
            </li>
          ))}
          {SHADOWS.map((s) => (
            <li key={s} className="shape-sample" style={{ boxShadow: `var(--shadow-${s})` }}>
              <code>--shadow-{s}</code>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
