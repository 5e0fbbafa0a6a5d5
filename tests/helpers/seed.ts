import { readFileSync } from 'node:fs'

/** How many cases seed/investments.json holds (tests count from the file, so adding a case breaks nothing). */
export const SEED_INVESTMENT_COUNT = (
  JSON.parse(readFileSync(new URL('../../seed/investments.json', import.meta.url), 'utf8')) as unknown[]
).length
