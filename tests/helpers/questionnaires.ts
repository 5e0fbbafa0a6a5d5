import type { Answers } from '../../src/questionnaires/answers.js'
import type { RespondentType } from '../../src/shared/codelists.js'
import { SHARED_IDS, sharedIdIn } from '../../src/questionnaires/shared-question-ids.js'

/** A complete city response (every follow-up shown), as the API takes it. */
export const CITY_ANSWERS_V1: Answers = {
  population: 250000,
  migrant_share: 12.5,
  newcomers_recent: 4000,
  departments: ['integration_office', 'social_affairs', 'housing', 'finance_budget'],
  respondent_role: 'Head of the integration office',
  challenges: 'Not enough affordable housing for refugee families; long waiting lists for language courses.',
  policy_fields: ['housing', 'employment', 'entrepreneurship'],
  target_groups: ['refugees', 'temporary_protection'],
  has_planned_investment: true,
  investment_description:
    '120 affordable flats for refugee families in two neighbourhoods, with a job counselling office.',
  investment_total: 40000000,
  investment_stage: 'design',
  repayment_source: 'user_fees',
  microloans_ticket: 15000,
  instruments_known: ['loan', 'guarantee', 'microfinance'],
  instruments_used: ['loan'],
  instruments_experience: 'A development bank loan for school buildings taught us to plan the co-financing early.',
  funds_used: ['amif', 'esf-plus', 'erdf'],
  team_expertise: 'basic',
  borrowing_room: 'limited',
  cofinancing: 'yes',
  staff_time: 3,
  results_contracts: false,
  data_target_groups: 'some',
  outcomes_measured: true,
  outcomes_which: 'People in work six months after job counselling, from our own records.',
  partners_present: ['national_promotional_bank', 'ngos', 'housing_association'],
  partner_agreements: true,
  instruments_interest: ['loan', 'blending', 'microfinance'],
  blending_interest: 'yes',
  pilot_interest: 'yes',
  bank_contact: true,
  support_wanted: ['guidance', 'advisory', 'peer_exchange'],
  barriers: ['knowledge', 'staff', 'other'],
  barriers_other: 'Unclear state aid rules for social housing',
  political_support: 4,
  good_practice: true,
  good_practice_description:
    'A social rental agency that matches refugee families with private landlords, paid by the city.',
  good_practice_link: 'https://www.example.eu/social-rental-agency',
}

export const MEMBER_STATE_ANSWERS_V1: Answers = {
  body_kind: 'managing_authority',
  policy_priorities: ['education', 'employment'],
  target_priorities: ['refugees', 'migrant_youth'],
  programmes_managed: ['amif', 'esf-plus'],
  programmes_use_fi: true,
  programmes_fi_which: ['loan', 'guarantee'],
  integration_budget: 60000000,
  expertise: 'experienced',
  npb_exists: 'yes',
  npb_social: true,
  npb_name: 'Caixa de Investimento Social',
  partners: ['national_promotional_bank', 'foundations'],
  european_banks: ['ceb'],
  blending_willingness: 'considering',
  eu_facility_interest: 'maybe',
  repayment_source: 'savings',
  lending_capacity: 'limited',
  cofinancing: true,
  staff_time: 2,
  outcomes_measured: false,
  local_data: 'some',
  support_wanted: ['guidance', 'peer_exchange'],
  barriers: ['rules', 'capacity'],
  good_practice: false,
}

export const INTERMEDIARY_ANSWERS_V1: Answers = {
  institution_kind: 'microfinance_institution',
  main_country: 'FR',
  geography: 'national',
  products: ['microfinance', 'guarantee'],
  inclusion_financed: true,
  inclusion_examples: 'Microloans to refugees starting a business, with mentoring by a partner NGO.',
  ticket_min: 1000,
  ticket_typical: 8000,
  ticket_max: 25000,
  portfolio_available: 5000000,
  appetite_fields: ['entrepreneurship'],
  appetite_groups: ['refugees', 'migrant_entrepreneurs', 'migrant_women'],
  appetite_level: 5,
  repayment_source: 'market',
  eu_guarantee_used: true,
  eu_guarantee_which: ['eif', 'investeu'],
  eu_guarantee_interest: 'yes',
  partners: ['ngos', 'foundations'],
  public_cooperation: true,
  capital_available: 'available',
  own_money: true,
  team_experience: 'experienced',
  outcomes_tracked: true,
  client_data: 'some',
  constraints: ['small_tickets', 'documents'],
  support_wanted: ['guarantees'],
  good_practice: false,
}

export const SERVICE_PROVIDER_ANSWERS_V1: Answers = {
  provider_kind: 'social_enterprise',
  services: ['employment', 'education'],
  service_groups: ['refugees', 'migrant_youth'],
  people_served: 600,
  staff_count: 12.5,
  income_sources: ['public_contracts', 'grants'],
  main_revenue: 'savings_contract',
  annual_budget: 900000,
  audited_accounts: true,
  needs_financing: true,
  financing_purpose: ['scale_up', 'working_capital'],
  financing_amount: 250000,
  repayable_ok: 'small',
  own_contribution: true,
  instruments_used: ['none'],
  expertise: 'basic',
  instruments_interest: ['loan', 'social-outcomes-contract'],
  outcomes_measured: true,
  data_quality: 4,
  partners: ['foundations', 'ngos'],
  public_contract: true,
  support_wanted: ['advisory'],
  barriers: ['collateral', 'knowledge'],
  good_practice: false,
}

/** Complete answers to version 1 of each questionnaire (older responses; issue #18 keeps them rendering). */
export const COMPLETE_ANSWERS_V1: Record<RespondentType, Answers> = {
  city: CITY_ANSWERS_V1,
  member_state: MEMBER_STATE_ANSWERS_V1,
  financial_intermediary: INTERMEDIARY_ANSWERS_V1,
  service_provider: SERVICE_PROVIDER_ANSWERS_V1,
}

/** Version 1 answers under version 2's ids (one id per concept), without the questions v2 dropped. */
function toV2(answers: Answers, renames: Record<string, string>, dropped: string[] = []): Answers {
  return Object.fromEntries(
    Object.entries(answers)
      .filter(([id]) => !dropped.includes(id))
      .map(([id, value]) => [renames[id] ?? id, value]),
  )
}

/** Complete answers to version 2 of each questionnaire: its required questions, no optional additions. */
export const COMPLETE_ANSWERS_V2: Record<RespondentType, Answers> = {
  city: toV2(CITY_ANSWERS_V1, { migrant_share: 'non_eu_citizens_share' }),
  member_state: toV2(
    MEMBER_STATE_ANSWERS_V1,
    { cofinancing: 'national_cofinancing', barriers: 'programme_barriers', barriers_other: 'programme_barriers_other' },
    ['eu_facility_interest'],
  ),
  financial_intermediary: toV2(INTERMEDIARY_ANSWERS_V1, { repayment_source: 'repayment_sources_accepted' }),
  service_provider: toV2(SERVICE_PROVIDER_ANSWERS_V1, {
    barriers: 'provider_barriers',
    barriers_other: 'provider_barriers_other',
  }),
}

/** Version 2 answers under version 3's ids: the shared concepts of seed/questionnaire-shared-ids.json (docs/adr/068). */
function toV3(type: RespondentType, answers: Answers): Answers {
  const renames: Record<string, string> = {}
  for (const concept of Object.keys(SHARED_IDS.concepts)) {
    const old = sharedIdIn(concept, type, 2)
    if (old !== undefined) renames[old] = concept
  }
  return toV2(answers, renames)
}

/** Complete answers to the current version (3) of each questionnaire: version 2's, under the shared ids. */
export const COMPLETE_ANSWERS: Record<RespondentType, Answers> = {
  city: toV3('city', COMPLETE_ANSWERS_V2.city),
  member_state: toV3('member_state', COMPLETE_ANSWERS_V2.member_state),
  financial_intermediary: toV3('financial_intermediary', COMPLETE_ANSWERS_V2.financial_intermediary),
  service_provider: toV3('service_provider', COMPLETE_ANSWERS_V2.service_provider),
}

/** The current version's complete answers, type by type. */
export const CITY_ANSWERS = COMPLETE_ANSWERS.city
export const MEMBER_STATE_ANSWERS = COMPLETE_ANSWERS.member_state
export const INTERMEDIARY_ANSWERS = COMPLETE_ANSWERS.financial_intermediary
export const SERVICE_PROVIDER_ANSWERS = COMPLETE_ANSWERS.service_provider
