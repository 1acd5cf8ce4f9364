// Numbers as the interface writes them ("1,234", "2.5"). The formatters are made once: a
// Number#toLocaleString call builds a new Intl formatter each time, which was a measurable share of
// rendering a dashboard (docs/decisions/031-route-matching-cache.md).
const whole = new Intl.NumberFormat("en");
const upToOneDecimal = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * A count or any number with thousands separators ("12,345"). Whole numbers, the common case
 * (a board page formats hundreds), are grouped by hand, as Intl does for "en" (number-format.test.ts
 * compares them); anything else goes to Intl.
 */
export const formatNumber = (n: number): string => (Number.isSafeInteger(n) ? groupThousands(n) : whole.format(n));

function groupThousands(n: number): string {
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}
/** At most one decimal ("2.5", "3"). */
export const formatUpToOneDecimal = (n: number): string => upToOneDecimal.format(n);
/** Exactly one decimal ("3.0"). */
export const formatOneDecimal = (n: number): string => oneDecimal.format(n);
