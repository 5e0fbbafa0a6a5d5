import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { FundSlug, InstrumentSlug } from '../../../src/shared/codelists.js'
import { InvestmentSeed } from '../../../src/investments/investment.js'
import type { MatchCatalogue, MatchInvestment } from '../../../src/matching/match-result.js'

const seedDir = fileURLToPath(new URL('../../../seed/', import.meta.url))
const Named = <S extends z.ZodType<string>>(slug: S) => z.array(z.object({ slug, name: z.string() }))

function readSeed(name: string): unknown {
  return JSON.parse(readFileSync(`${seedDir}${name}`, 'utf8'))
}

/** Minimal stand-in with the real slugs and names, used only when seed/ is not there yet. */
const INLINE: MatchCatalogue = {
  instruments: [
    { slug: 'loan', name: 'Loan' },
    { slug: 'microfinance', name: 'Microfinance and microcredit' },
    { slug: 'guarantee', name: 'Guarantee' },
    { slug: 'equity', name: 'Equity and quasi-equity' },
    { slug: 'crowdfunding', name: 'Crowdfunding (crowd-lending and crowd-equity)' },
    { slug: 'social-outcomes-contract', name: 'Social outcomes contract (social impact bond)' },
    { slug: 'blending', name: 'Blending (EU grants combined with loans)' },
    { slug: 'fi-grant-combination', name: 'Financial instrument combined with a grant in one operation' },
  ],
  funds: [
    { slug: 'amif', name: 'Asylum, Migration and Integration Fund' },
    { slug: 'esf-plus', name: 'European Social Fund Plus' },
    { slug: 'erdf', name: 'European Regional Development Fund' },
    { slug: 'emfaf', name: 'European Maritime, Fisheries and Aquaculture Fund' },
    { slug: 'investeu', name: 'InvestEU Programme' },
    { slug: 'cerv', name: 'Citizens, Equality, Rights and Values programme' },
    { slug: 'ceb', name: 'Council of Europe Development Bank' },
    { slug: 'eib', name: 'European Investment Bank' },
    { slug: 'eif', name: 'European Investment Fund' },
  ],
  investments: [
    {
      id: 'c01-koto-sib',
      title: 'Koto-SIB (Kotouttamisen SIB / Integration SIB)',
      countries: ['FI'],
      policyFields: ['employment', 'education'],
      targetGroups: ['refugees'],
      instruments: ['social-outcomes-contract'],
      funds: ['eif'],
      amount: { value: 14_300_000, currency: 'EUR' },
    },
    {
      id: 'c21-eib-nrw-bank-refugee-housing',
      title: 'EIB framework loan to NRW.BANK (refugee housing)',
      countries: ['DE'],
      policyFields: ['housing'],
      targetGroups: ['refugees'],
      instruments: ['loan'],
      funds: ['eib'],
      amount: { value: 200_000_000, currency: 'EUR' },
    },
    {
      id: 'c39-pafmi-microstart-brussels',
      title: 'PAFMI pilot: microStart Brussels',
      countries: ['BE'],
      policyFields: ['entrepreneurship'],
      targetGroups: ['migrant_entrepreneurs'],
      instruments: ['microfinance'],
      funds: ['amif', 'ceb'],
      amount: null,
    },
  ],
}

const seedFiles = ['instruments.json', 'funds.json', 'investments.json']
export const usesSeed = seedFiles.every((file) => existsSync(`${seedDir}${file}`))

/** Catalogue built from seed/*.json (validated with the project's schemas), or the inline stand-in. */
export function loadCatalogue(): MatchCatalogue {
  if (!usesSeed) return INLINE
  const investments: MatchInvestment[] = z.array(InvestmentSeed).parse(readSeed('investments.json'))
  return {
    instruments: Named(InstrumentSlug).parse(readSeed('instruments.json')),
    funds: Named(FundSlug).parse(readSeed('funds.json')),
    investments,
  }
}
