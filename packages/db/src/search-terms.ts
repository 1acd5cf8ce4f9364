// Shared by both kits' full-text search functions: how user input becomes search words.

/** At most this many words of a search are used. */
export const MAX_SEARCH_TERMS = 16;

/**
 * The words of a free-text search: letters and digits (any script), lower-cased, deduplicated.
 * Everything else (quotes, operators, `*`, `:`, `-`, `NEAR`, parentheses…) only separates words, so
 * user input can never change the query syntax on either engine.
 *
 * @example
 * searchTerms('Mission "accomplished" OR x*') // ["mission", "accomplished", "or", "x"]
 */
export function searchTerms(query: string): string[] {
  const words =
    query
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((w) => w.slice(0, 64)))].slice(0, MAX_SEARCH_TERMS);
}
