/**
 * Text as both databases can store it: NUL characters removed (Postgres `text` cannot hold them)
 * and unpaired UTF-16 surrogates (invalid in UTF-8 and in Postgres JSON) replaced by U+FFFD.
 * Applied where outside text enters the domain (OpenWebUI records), so both engines store the same.
 *
 * @example
 * storableText("a\u0000b\ud800") // "ab\ufffd"
 */
export function storableText(text: string): string {
  return STORABLE.test(text) ? text : text.replaceAll("\u0000", "").replace(LONE_SURROGATE, "\ufffd");
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what is being removed
const STORABLE = /^[^\u0000\ud800-\udfff]*$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
