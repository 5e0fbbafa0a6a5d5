import type { ProposalContent } from '../../src/curation/proposals.js'

/** A respondent's proposal with only what a test names; everything else left empty, as on the form. */
export function proposal(
  content: Pick<ProposalContent, 'title' | 'summary' | 'geography' | 'policyFields' | 'instruments' | 'sources'>,
): ProposalContent {
  return {
    results: null,
    relevance: 'migrants_refugees',
    countries: [],
    targetGroups: [],
    targetGroupText: null,
    instrumentText: null,
    funds: [],
    stage: null,
    statusText: null,
    yearStart: null,
    yearEnd: null,
    yearsText: null,
    amount: null,
    amountText: null,
    amountSource: null,
    financiers: [],
    outcomePayer: null,
    comment: null,
    ...content,
  }
}
