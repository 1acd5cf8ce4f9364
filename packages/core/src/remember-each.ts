/**
 * `fn` remembering its answer for each text it was given: for passes over long lists that repeat
 * the same few thousand texts (a person's email or id on every row of theirs), where each call
 * costs new strings or an HMAC (docs/decisions/028-credits-as-jobs.md). One per pass: it holds every
 * distinct text it saw.
 */
export function rememberEach<T>(fn: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    if (known.has(text)) return known.get(text) as T;
    const answer = fn(text);
    known.set(text, answer);
    return answer;
  };
}
