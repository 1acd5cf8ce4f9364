// Numbers as the interface writes them ("1,234", "2.5"). The formatters are made once: a
// Number#toLocaleString call builds a new Intl formatter each time, which was a measurable share of
// rendering a dashboard (docs/decisions/031-route-matching-cache.md).
const whole = new Intl.NumberFormat("en");
const upToOneDecimal = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A count or any number with thousands separators ("12,345"). */
export const formatNumber = (n: number): string => whole.format(n);
/** At most one decimal ("2.5", "3"). */
export const formatUpToOneDecimal = (n: number): string => upToOneDecimal.format(n);
/** Exactly one decimal ("3.0"). */
export const formatOneDecimal = (n: number): string => oneDecimal.format(n);
