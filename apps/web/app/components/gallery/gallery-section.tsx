import type { ReactNode } from "react";

export type Theme = "light" | "dark";

/**
 * One gallery section: its heading and notes, then the same demo in the light and the dark theme
 * side by side (stacked on a phone). `id` is also the `data-testid` the screenshot tests use.
 */
export function GallerySection({
  id,
  title,
  children,
  demo,
}: {
  id: string;
  title: string;
  children?: ReactNode;
  demo: (theme: Theme) => ReactNode;
}) {
  return (
    <section id={id} data-testid={id} className="gallery-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children ? <div className="gallery-notes">{children}</div> : null}
      <div className="gallery-themes">
        {(["light", "dark"] as const).map((theme) => (
          <div key={theme} className="theme-panel" data-theme={theme} data-testid={`${id}-${theme}`}>
            <p className="theme-panel-label">{theme === "light" ? "Light theme" : "Dark theme"}</p>
            {demo(theme)}
          </div>
        ))}
      </div>
    </section>
  );
}
