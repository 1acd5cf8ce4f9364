/** Joins the truthy class names: `cx("button", primary && "primary")`. */
export const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(" ");
