/**
 * Thrown by the manifest parsers when a text is not the kind of document asked for (not a playlist, not an
 * MPD, a media playlist where a multivariant one was expected). The parser library's own error, if any, is
 * kept as `cause`. Rule violations inside a well-formed document are not errors: the parsers report what
 * the text says and leave judging it to the caller.
 */
export class ManifestParseError extends Error {
  override readonly name = 'ManifestParseError';
}
