import Fuse from 'fuse.js'
import { FUNDS, INSTRUMENTS } from '../shared/codelists.js'
import type { Fund, GlossaryTerm, Instrument } from './catalogue.js'
import type { CatalogueRepository } from './catalogue-repository.js'

/** The catalogue in memory (a few dozen records), in codelist order; glossary look-ups with fuse.js. */
export class CatalogueService {
  private instrumentList: Instrument[] = []
  private fundList: Fund[] = []
  private glossaryList: GlossaryTerm[] = []
  private glossaryFuse = new Fuse<GlossaryTerm>([], {})

  constructor(private readonly repository: CatalogueRepository) {}

  async reload(): Promise<void> {
    const { instruments, funds, glossary } = await this.repository.load()
    this.instrumentList = [...instruments].sort((a, b) => INSTRUMENTS.indexOf(a.slug) - INSTRUMENTS.indexOf(b.slug))
    this.fundList = [...funds].sort((a, b) => FUNDS.indexOf(a.slug) - FUNDS.indexOf(b.slug))
    this.glossaryList = [...glossary].sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }))
    this.glossaryFuse = new Fuse(this.glossaryList, {
      keys: [
        { name: 'term', weight: 3 },
        { name: 'aliases', weight: 2 },
        { name: 'definition', weight: 0.5 },
      ],
      threshold: 0.35,
      ignoreLocation: true,
      includeScore: true,
    })
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

  glossary(): GlossaryTerm[] {
    return this.glossaryList
  }

  term(slug: string): GlossaryTerm | undefined {
    return this.glossaryList.find((g) => g.slug === slug)
  }

  /** Typo-tolerant glossary look-up ("guarante", "blended"). */
  findTerms(text: string): GlossaryTerm[] {
    return this.glossaryFuse.search(text.trim(), { limit: 20 }).map((hit) => hit.item)
  }
}
