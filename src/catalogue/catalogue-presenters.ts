import { label, t, tDynamic } from '../i18n/i18n.js'
import type { Fact } from '../shared/facts.js'
import type { Fund, GlossaryTerm, Instrument } from './catalogue.js'

export function factsView(facts: readonly Fact[]) {
  return facts.map((fact) => ({
    text: fact.text,
    confidence: fact.confidence,
    confidenceLabel: label('confidence', fact.confidence),
    confidenceExplained: t(`confidence.${fact.confidence}`),
    sources: fact.sources.map((url, i) => ({ url, n: i + 1, host: hostOf(url) })),
  }))
}

export function instrumentCard(instrument: Instrument, caseCount: number) {
  return {
    slug: instrument.slug,
    url: `/instruments/${instrument.slug}`,
    name: instrument.name,
    summary: instrument.summary,
    revolving: t(`catalogue.revolvingValue.${instrument.revolving}`),
    caseCount,
  }
}

export function fundCard(fund: Fund, caseCount: number) {
  return {
    slug: fund.slug,
    url: `/funds/${fund.slug}`,
    name: fund.name,
    shortName: fund.shortName,
    kind: t(`catalogue.kind.${fund.kind}`),
    summary: fund.summary,
    fiSupport: t(`catalogue.fiSupportValue.${fund.financialInstrumentSupport}`),
    caseCount,
  }
}

export function instrumentDetail(instrument: Instrument) {
  return {
    ...instrumentCard(instrument, 0),
    sections: [
      ['definition', instrument.definition],
      ['revolving', instrument.revolvingFacts],
      ['providers', instrument.providers],
      ['cityRequirements', instrument.cityRequirements],
      ['typicalSizes', instrument.typicalSizes],
      ['pros', instrument.pros],
      ['cons', instrument.cons],
      ['euRules', instrument.euRules],
    ]
      .filter(([, facts]) => (facts as Fact[]).length > 0)
      .map(([key, facts]) => ({
        id: key as string,
        heading: tDynamic(`catalogue.${key as string}`),
        facts: factsView(facts as Fact[]),
      })),
  }
}

export function fundDetail(fund: Fund) {
  return {
    ...fundCard(fund, 0),
    website: fund.website,
    policyFields: fund.policyFields.map((v) => label('policyField', v)),
    instruments: fund.instruments.map((slug) => ({
      slug,
      name: label('instrument', slug),
      url: `/instruments/${slug}`,
    })),
    directAccess: fund.directAccessFor.map((v) => label('respondentType', v)),
    sections: [
      ['legalBasis', fund.legalBasis],
      ['budget', fund.budget],
      ['managementMode', fund.managementMode],
      ['finances', fund.finances],
      ['fiSupport', fund.financialInstrumentFacts],
      ['cityAccess', fund.cityAccess],
      ['cofinancing', fund.cofinancing],
    ]
      .filter(([, facts]) => (facts as Fact[]).length > 0)
      .map(([key, facts]) => ({
        id: key as string,
        heading: tDynamic(`catalogue.${key as string}`),
        facts: factsView(facts as Fact[]),
      })),
  }
}

export function glossaryView(term: GlossaryTerm, linkFor: (slug: string) => { url: string; name: string } | null) {
  return {
    slug: term.slug,
    term: term.term,
    aliases: term.aliases,
    definition: term.definition,
    confidence: term.confidence,
    confidenceLabel: label('confidence', term.confidence),
    sources: term.sources.map((url, i) => ({ url, n: i + 1, host: hostOf(url) })),
    related: term.related.map(linkFor).filter((link) => link !== null),
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '')
  } catch {
    return url
  }
}
