// launder ships no types; this is the one function we use (sanitize-html's URL check).
declare module 'launder' {
  export function naughtyHref(
    href: string,
    options?: { allowedSchemes?: string[]; allowProtocolRelative?: boolean },
  ): boolean;
}
