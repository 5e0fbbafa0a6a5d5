import { describe, expect, it } from 'vitest'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'

/**
 * Every figure in the seed has its source (issue 17): an amount names the page that publishes it
 * (`amountSource`, one of the case's sources). The 45 cases researched first (ids c01-…c45-) cite
 * their sources per case, not per figure; those of them with an amount but no amountSource are
 * listed here, so the list can only shrink: a curator who adds the amount's source removes the id.
 */
const RESEARCHED_FIRST_WITHOUT_AMOUNT_SOURCE = [
  'c01-koto-sib',
  'c02-duo-for-a-job-brussels',
  'c03-duo-for-a-job-france',
  'c05-veldhoven-refugee-integration-sib',
  'c06-refugee-team-sib',
  'c07-sarban-de-toekomst-sib',
  'c08-caritas-perspektive',
  'c09-vejle-family-counselling-sib',
  'c12-rtof-refugee-transitions-west-midlands',
  'c14-refugee-impact-bond-jordan',
  'c15-hemisphere-fund-ceb-loan',
  'c16-ceb-lesbos-reception-centres',
  'c17-ceb-adoma-credit-line',
  'c18-eib-adoma-credit-line',
  'c19-eib-ilb-brandenburg',
  'c20-ceb-ilb-brandenburg',
  'c21-eib-nrw-bank-refugee-housing',
  'c22-ceb-nrw-bank-refugee-accommodation',
  'c23-ceb-czech-republic-ukraine',
  'c24-ceb-italy-civil-protection',
  'c25-ceb-poland-aid-fund',
  'c26-ceb-howoge-berlin',
  'c27-ceb-lithuania-ukrainian-refugees',
  'c28-ceb-kaunas',
  'c29-ceb-mrf-iom-greece',
  'c30-ceb-mrf-ukraine-may-2022',
  'c31-shifa-turkey',
  'c33-permicro-ceb-loans',
  'c35-eib-ukraine-credit-line-embrace',
  'c36-quick-response-care-ukrainian-refugees',
  'c37-mikrokreditfonds-deutschland',
  'c38-pafmi',
  'c43-kiva-refugee-funds',
  'c45-microstart-refugee-entrepreneur',
]

describe('every seed figure has a source', () => {
  const { investments } = readSeedFiles(SEED_DIR_PATH)

  it('an amount names the source that publishes it, one of the case’s own sources', () => {
    const missing: string[] = []
    for (const investment of investments) {
      const urls = investment.sources.map((s) => s.url)
      if (investment.amountSource !== undefined) expect(urls, investment.id).toContain(investment.amountSource)
      if (investment.amount !== null && investment.amountSource === undefined) missing.push(investment.id)
    }
    expect(missing).toEqual(RESEARCHED_FIRST_WITHOUT_AMOUNT_SOURCE)
    for (const id of missing) expect(id, 'only the first 45 researched cases may lack it').toMatch(/^c\d{2}-/)
  })

  it('every case has a web source and a confidence; an amount has its published currency; years are in order', () => {
    for (const investment of investments) {
      expect(investment.sources.length, investment.id).toBeGreaterThan(0)
      for (const source of investment.sources) expect(source.url, investment.id).toMatch(/^https?:\/\/[^\s/]+\.[^\s]+$/)
      expect(['V', 'S', 'U'], investment.id).toContain(investment.confidence)
      if (investment.amount) expect(investment.amount.currency, investment.id).toMatch(/^[A-Z]{3}$/)
      if (investment.yearStart !== null && investment.yearEnd !== null)
        expect(investment.yearEnd, investment.id).toBeGreaterThanOrEqual(investment.yearStart)
      expect(investment.relevance, investment.id).toBe('migrants_refugees')
    }
  })
})
