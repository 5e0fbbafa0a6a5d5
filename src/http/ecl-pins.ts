/**
 * The Europa Component Library packages the site's look comes from (ADR 062), pinned with the
 * integrity the npm registry gives for them; scripts/vendor-ecl.ts fetches and checks them.
 * ECL 5's own icon package is not on the registry, so the icons come from the 4.x package, the
 * last published one (the same icon set).
 */
export const ECL_PACKAGES = {
  '@ecl/preset-ec': {
    version: '5.3.1',
    integrity: 'sha512-GKJqzoidZdabWTAGeZsVuvQbkhQ+Dm+HPNHenNAoAqeUwXH0T2NjfoV9hfIiVwFsfA5LW7lOncQNE2zGbAmmGA==',
  },
  '@ecl/resources-icons': {
    version: '4.11.0',
    integrity: 'sha512-OUpgXS2sJWn4vGNavCtZXZ3/MUvvVlcwJtBjqVf9SCv9Z5BNT1k1zhrK/fwsrSTj0n/ZkzgwEFyeKqLOqf08jg==',
  },
} as const

/** Icons of the sprite views/assets/ecl/icons.svg (`{{> ecl-icon name="…"}}`). */
export const ECL_ICONS = [
  'check',
  'check-filled',
  'close',
  'corner-arrow',
  'download',
  'error',
  'external',
  'global',
  'information',
  'log-in',
  'logged-in',
  'print',
  'search',
  'warning',
] as const

/** The European Commission logo is shipped in the languages of the site (shown only when EC_HOSTED is set). */
export const ECL_LOGO_LANGUAGES = ['de', 'el', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt'] as const

/** ECL classes that templates build from data (`ecl-notification--{{kind}}`), which PurgeCSS cannot see. */
export const ECL_SAFELIST = [/^ecl-notification--/, /^ecl-label--/, /^ecl-button--/, /^ecl-icon--/]

/**
 * Inter is cut to the characters of the site's languages (Latin with its extensions, so Polish too,
 * Greek, combining accents, general punctuation, €, arrows and the minus sign), which halves the
 * font; the tools that cut it are pinned too (from PyPI, in a cache folder, by scripts/vendor-ecl.ts).
 */
export const FONT_UNICODES =
  'U+0000-024F,U+0259,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0300-036F,U+0370-03FF,U+1E00-1EFF,U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212,U+2215,U+FEFF,U+FFFD'
export const FONT_LAYOUT_FEATURES = 'kern,liga,calt,ccmp,locl,mark,mkmk,tnum'
export const FONT_TOOLS = ['fonttools==4.68.0', 'brotli==1.2.1'] as const
