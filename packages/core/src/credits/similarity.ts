// Ratcliff/Obershelp similarity exactly as Python's difflib.SequenceMatcher(None, a, b).ratio()
// computes it, so fuzzy mission matching gives the old tool's answers (docs/product/credits.md §C-6).

export interface SimilarityOptions {
  /**
   * difflib's autojunk heuristic (its default, which the old tool used): when `b` has 200 or more
   * characters, characters making up more than 1% of it (+1) are "popular" and cannot start a match.
   */
  autojunk?: boolean;
}

interface Block {
  i: number;
  j: number;
  size: number;
}

/**
 * 2·M / (|a| + |b|), where M is the number of characters in difflib's matching blocks (the longest
 * common block, then recursively the longest blocks left and right of it). Strings are compared by
 * code point, as Python does; two empty strings are 1. Not symmetric in general: `a` is the text
 * being matched, `b` the candidate.
 *
 * @example similarityRatio("seeds of bias", "seed bias") // 0.8181…
 */
export function similarityRatio(a: string, b: string, options: SimilarityOptions = {}): number {
  const as = Array.from(a);
  const bs = Array.from(b);
  const total = as.length + bs.length;
  if (total === 0) return 1;
  const matches = matchingBlocks(as, bs, options.autojunk ?? true).reduce((sum, block) => sum + block.size, 0);
  return (2 * matches) / total;
}

/** difflib's b2j: where each character of `b` occurs, without the popular ones under autojunk. */
function indexOfB(b: readonly string[], autojunk: boolean): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  b.forEach((ch, j) => {
    const at = b2j.get(ch);
    if (at) at.push(j);
    else b2j.set(ch, [j]);
  });
  if (autojunk && b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [ch, at] of b2j) if (at.length > limit) b2j.delete(ch);
  }
  return b2j;
}

/** difflib's find_longest_match with no junk function (so only popular characters are skipped). */
function longestMatch(
  a: readonly string[],
  b: readonly string[],
  b2j: Map<string, number[]>,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): Block {
  let besti = alo;
  let bestj = blo;
  let bestsize = 0;
  let j2len = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (const j of b2j.get(a[i] as string) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestsize) {
        besti = i - k + 1;
        bestj = j - k + 1;
        bestsize = k;
      }
    }
    j2len = next;
  }
  // Popular characters are not junk: difflib extends the match over equal ones on both sides.
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
    besti--;
    bestj--;
    bestsize++;
  }
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
  return { i: besti, j: bestj, size: bestsize };
}

/** difflib's get_matching_blocks (without the adjacent-block merge, which does not change the sum). */
function matchingBlocks(a: readonly string[], b: readonly string[], autojunk: boolean): Block[] {
  const b2j = indexOfB(b, autojunk);
  const blocks: Block[] = [];
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  for (let range = queue.pop(); range; range = queue.pop()) {
    const [alo, ahi, blo, bhi] = range;
    const block = longestMatch(a, b, b2j, alo, ahi, blo, bhi);
    if (block.size === 0) continue;
    blocks.push(block);
    if (alo < block.i && blo < block.j) queue.push([alo, block.i, blo, block.j]);
    if (block.i + block.size < ahi && block.j + block.size < bhi) queue.push([block.i + block.size, ahi, block.j + block.size, bhi]);
  }
  return blocks;
}
