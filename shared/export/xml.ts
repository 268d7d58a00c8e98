/** Escaping for XML text and attribute values (SVG, and any other XML an exporter writes). */

/** Characters XML 1.0 does not allow anywhere (controls, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 forbids, so a document with them still parses. */
export function stripInvalidXml(text: string): string {
  return text.replace(INVALID_XML, '');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text safe in XML content and in quoted attribute values: invalid characters removed, the five
 * special characters as entities (so `]]>` and `</script>` cannot close anything).
 */
export function escapeXml(text: string): string {
  return stripInvalidXml(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch] as string);
}
