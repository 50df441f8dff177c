/** Caption languages: BCP-47 tags, normalised (`pt-br` -> `pt-BR`), and a readable default name. */

const TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** The normalised tag, or null when `text` is not a plausible BCP-47 language tag. */
export function normalizeLanguage(text: string): string | null {
  if (!TAG.test(text)) return null;
  const [language = '', ...subtags] = text.split('-');
  const normalized = [
    language.toLowerCase(),
    ...subtags.map((subtag) =>
      subtag.length === 2
        ? subtag.toUpperCase()
        : subtag.length === 4
          ? subtag[0]?.toUpperCase() + subtag.slice(1).toLowerCase()
          : subtag.toLowerCase(),
    ),
  ].join('-');
  try {
    return Intl.getCanonicalLocales(normalized)[0] ?? null;
  } catch {
    return null;
  }
}

/** `en` -> `English`, `pt-BR` -> `Brazilian Portuguese`; the tag itself when the runtime has no name. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
