/*
 * Escaping as the page sanitizer (sanitize-html) writes it, so that markup we render ourselves is
 * already in the form the sanitizer would leave it in: in text only `&`, `<` and `>` are escaped
 * (quotes stay literal); in attribute values `"` is escaped too. Pages without raw HTML skip the
 * sanitizer, and a test checks that its output would be unchanged.
 */

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<>"]/;

/** Escapes text content: `&`, `<`, `>`. */
export function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) {
    return text;
  }
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Escapes a double-quoted attribute value: `&`, `<`, `>`, `"`. */
export function escapeAttr(value: string): string {
  if (!ATTR_SPECIAL.test(value)) {
    return value;
  }
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
