import Fuse from 'fuse.js'
import { localise } from '../i18n/content.js'
import { currentLocale, type Locale } from '../i18n/i18n.js'
import { intlLocale } from '../i18n/locales.js'
import { FUNDS, INSTRUMENTS } from '../shared/codelists.js'
import type { Guidance } from '../guidance/guidance.js'
import { byYearThenTitle, GuidanceSearch } from '../guidance/guidance-search.js'
import type { Fund, GlossaryTerm, Instrument } from './catalogue.js'
import type { CatalogueRepository } from './catalogue-repository.js'

/** The catalogue in memory (a few dozen records), in codelist order; glossary look-ups with fuse.js. */
export class CatalogueService {
  private instrumentList: Instrument[] = []
  private fundList: Fund[] = []
  private glossaryList: GlossaryTerm[] = []
  private guidanceList: Guidance[] = []
  private guidanceIndex = new GuidanceSearch([])
  /** The glossary in each locale: its terms translated, sorted and searchable in that language. */
  private glossaryByLocale = new Map<Locale, { list: GlossaryTerm[]; fuse: Fuse<GlossaryTerm> }>()

  constructor(private readonly repository: CatalogueRepository) {}

  async reload(): Promise<void> {
    const { instruments, funds, glossary, guidance } = await this.repository.load()
    this.guidanceList = [...guidance].sort(byYearThenTitle)
    this.guidanceIndex = new GuidanceSearch(this.guidanceList)
    this.instrumentList = [...instruments].sort((a, b) => INSTRUMENTS.indexOf(a.slug) - INSTRUMENTS.indexOf(b.slug))
    this.fundList = [...funds].sort((a, b) => FUNDS.indexOf(a.slug) - FUNDS.indexOf(b.slug))
    this.glossaryList = glossary
    this.glossaryByLocale.clear()
  }

  private localGlossary(): { list: GlossaryTerm[]; fuse: Fuse<GlossaryTerm> } {
    const locale = currentLocale()
    let local = this.glossaryByLocale.get(locale)
    if (!local) {
      const collator = new Intl.Collator(intlLocale(locale), { sensitivity: 'base' })
      const list = this.glossaryList
        .map((term) => localise(`content.glossary.${term.slug}`, term))
        .sort((a, b) => collator.compare(a.term, b.term))
      const fuse = new Fuse(list, {
        keys: [
          { name: 'term', weight: 3 },
          { name: 'aliases', weight: 2 },
          { name: 'definition', weight: 0.5 },
        ],
        threshold: 0.35,
        ignoreLocation: true,
        includeScore: true,
      })
      this.glossaryByLocale.set(locale, (local = { list, fuse }))
    }
    return local
  }

  instruments(): Instrument[] {
    return this.instrumentList
  }

  instrument(slug: string): Instrument | undefined {
    return this.instrumentList.find((i) => i.slug === slug)
  }

  funds(): Fund[] {
    return this.fundList
  }

  fund(slug: string): Fund | undefined {
    return this.fundList.find((f) => f.slug === slug)
  }

  /** The glossary in the request's language, in its alphabetical order. */
  glossary(): GlossaryTerm[] {
    return this.localGlossary().list
  }

  term(slug: string): GlossaryTerm | undefined {
    return this.localGlossary().list.find((g) => g.slug === slug)
  }

  /** Typo-tolerant glossary look-up ("guarante", "blended"), in the request's language. */
  findTerms(text: string): GlossaryTerm[] {
    return this.localGlossary()
      .fuse.search(text.trim(), { limit: 20 })
      .map((hit) => hit.item)
  }

  /** The guidance library, newest first. */
  guidance(): Guidance[] {
    return this.guidanceList
  }

  guidanceEntry(id: string): Guidance | undefined {
    return this.guidanceList.find((g) => g.id === id)
  }

  guidanceSearch(): GuidanceSearch {
    return this.guidanceIndex
  }

  /** The glossary as stored (English), for translators' coverage counts. */
  sourceGlossary(): GlossaryTerm[] {
    return this.glossaryList
  }
}
