// XML 1.0 section 3.3.3: attribute-value normalization turns raw tabs and line breaks into spaces, so they are
// written as character references along with the markup characters.
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** `value` escaped for a double-quoted XML attribute. */
export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

/** `name="value"` pairs, escaped, in the given order (order is fixed so output is byte-identical). */
export function xmlAttributes(attributes: ReadonlyArray<readonly [string, string | number]>): string {
  return attributes.map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`).join('');
}

const NUMBER_IDENTIFIER = '$Number$';

/**
 * A resolved URI as a SegmentTemplate attribute value. ISO/IEC 23009-1 5.3.9.4.4: a `$` that is not part of
 * an identifier must be written `$$`; `$Number$` identifiers are kept when `keepNumber` is set (@media) and
 * escaped otherwise (@initialization has no segment number).
 */
export function templateUri(resolvedUri: string, keepNumber: boolean): string {
  const escapeDollars = (part: string): string => part.replaceAll('$', () => '$$');
  if (!keepNumber) return escapeDollars(resolvedUri);
  return resolvedUri.split(NUMBER_IDENTIFIER).map(escapeDollars).join(NUMBER_IDENTIFIER);
}
