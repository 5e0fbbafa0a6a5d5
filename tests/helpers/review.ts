import type { Role, User } from '../../src/accounts/account.js'
import type { Principal } from '../../src/accounts/principal.js'
import type { Answers } from '../../src/questionnaires/answers.js'
import type { RespondentType } from '../../src/shared/codelists.js'
import type { Services } from '../../src/services.js'
import { bearerFor, sessionFor, STRONG_PASSWORD } from './accounts.js'
import { createTestApp, type TestApp } from './test-app.js'
import { COMPLETE_ANSWERS } from './questionnaires.js'

let counter = 0
const principalOf = (user: User): Principal => ({ user, via: 'token', tokenId: 'test' })

export async function makeUser(
  services: Services,
  role: Role,
  organisation?: { name: string; type: RespondentType; country: string },
): Promise<User> {
  counter += 1
  const { user } = await services.auth.accounts.createUser(
    {
      email: `review${counter}.${Date.now()}@example.eu`,
      name: `${organisation?.name ?? role} officer ${counter}`,
      role,
      password: STRONG_PASSWORD,
      organisation: organisation?.name,
      respondentType: organisation?.type ?? 'city',
      country: organisation?.country ?? 'BE',
    },
    { actorId: null, actorEmail: null, ip: null, via: 'cli' },
  )
  return user
}

export interface ScenarioResponse {
  id: string
  name: string
  type: RespondentType
  country: string
  user: User
}

/** Answers a respondent's questionnaire through the real service: start, save, and (unless `draft`) submit. */
export async function answer(
  services: Services,
  user: User,
  changes: Answers,
  options: { draft?: boolean; consent?: boolean; demo?: boolean } = {},
): Promise<string> {
  const responses = services.questionnaires.responses
  const organisation = await services.auth.accounts.organisation(user.organisationId!)
  const { context } = await responses.start(user, { demo: options.demo })
  const answers = { ...COMPLETE_ANSWERS[organisation!.respondentType], ...changes }
  const saved = await responses.save(principalOf(user), context.record.id, {
    answers: new Map(Object.entries(answers)),
    version: context.record.version,
    consentToViewDraft: options.consent,
  })
  if (!options.draft) await responses.submit(principalOf(user), context.record.id, saved.record.version)
  return context.record.id
}

const CITY = (fields: string[], groups: string[], instruments: string[], total: number): Answers => ({
  policy_fields: fields,
  target_groups: groups,
  instruments_interest: instruments,
  investment_total: total,
})
const FI = (fields: string[], groups: string[], products: string[], ticket: number): Answers => ({
  policy_fields: fields,
  target_groups: groups,
  products,
  ticket_typical: ticket,
  ticket_min: 500,
  ticket_max: ticket * 10,
})

/**
 * A few dozen responses of all four types (DESIGN C5 "done when"): Italian, German, French and
 * Spanish cities, Member States, intermediaries and service providers, with some drafts (with and
 * without consent) and a demonstration response that the figures must leave out.
 */
export async function loadScenario(services: Services): Promise<ScenarioResponse[]> {
  const plan: {
    name: string
    type: RespondentType
    country: string
    answers: Answers
    draft?: boolean
    consent?: boolean
    demo?: boolean
  }[] = [
    // Italian cities: three want microfinance for migrant entrepreneurs.
    {
      name: 'Comune di Torino',
      type: 'city',
      country: 'IT',
      answers: CITY(
        ['entrepreneurship', 'employment'],
        ['migrant_entrepreneurs', 'refugees'],
        ['microfinance', 'loan'],
        3_000_000,
      ),
    },
    {
      name: 'Comune di Bologna',
      type: 'city',
      country: 'IT',
      answers: CITY(['entrepreneurship'], ['migrant_entrepreneurs', 'migrant_women'], ['microfinance'], 1_500_000),
    },
    {
      name: 'Comune di Palermo',
      type: 'city',
      country: 'IT',
      answers: CITY(
        ['entrepreneurship', 'reception'],
        ['migrant_entrepreneurs'],
        ['microfinance', 'guarantee'],
        800_000,
      ),
    },
    // Italian cities that do not: another group, another instrument.
    {
      name: 'Comune di Milano',
      type: 'city',
      country: 'IT',
      answers: CITY(['housing'], ['refugees'], ['loan'], 40_000_000),
    },
    {
      name: 'Comune di Bari',
      type: 'city',
      country: 'IT',
      answers: CITY(['entrepreneurship'], ['migrant_youth'], ['microfinance'], 500_000),
    },
    {
      name: 'Comune di Genova',
      type: 'city',
      country: 'IT',
      answers: CITY(['education'], ['unaccompanied_minors'], ['social-outcomes-contract'], 2_000_000),
    },
    // A draft shared with consent (visible) and one without (invisible), a demo response (left out).
    {
      name: 'Comune di Firenze',
      type: 'city',
      country: 'IT',
      answers: CITY(['entrepreneurship'], ['migrant_entrepreneurs'], ['microfinance'], 900_000),
      draft: true,
      consent: true,
    },
    {
      name: 'Comune di Napoli',
      type: 'city',
      country: 'IT',
      answers: CITY(['entrepreneurship'], ['migrant_entrepreneurs'], ['microfinance'], 700_000),
      draft: true,
    },
    {
      name: 'Comune Dimostrativo',
      type: 'city',
      country: 'IT',
      answers: CITY(['entrepreneurship'], ['migrant_entrepreneurs'], ['microfinance'], 100_000),
      demo: true,
    },
    // Other countries' cities.
    {
      name: 'Stadt Leipzig',
      type: 'city',
      country: 'DE',
      answers: CITY(['entrepreneurship'], ['migrant_entrepreneurs'], ['microfinance'], 1_000_000),
    },
    {
      name: 'Stadt Köln',
      type: 'city',
      country: 'DE',
      answers: CITY(['housing'], ['refugees'], ['loan', 'blending'], 60_000_000),
    },
    {
      name: 'Ville de Lyon',
      type: 'city',
      country: 'FR',
      answers: CITY(['employment'], ['refugees'], ['guarantee'], 5_000_000),
    },
    {
      name: 'Ayuntamiento de Valencia',
      type: 'city',
      country: 'ES',
      answers: CITY(['housing', 'health_social_care'], ['asylum_seekers'], ['loan'], 12_000_000),
    },
    {
      name: 'Gemeente Utrecht',
      type: 'city',
      country: 'NL',
      answers: CITY(['education'], ['migrant_youth'], ['equity'], 3_000_000),
    },
    // Member States.
    {
      name: 'Ministero del Lavoro',
      type: 'member_state',
      country: 'IT',
      answers: {
        policy_fields: ['entrepreneurship', 'employment'],
        target_groups: ['migrant_entrepreneurs'],
        programmes_fi_which: ['microfinance'],
      },
    },
    {
      name: 'Bundesministerium des Innern',
      type: 'member_state',
      country: 'DE',
      answers: { policy_fields: ['housing'] },
    },
    { name: 'Ministère de l’Intérieur', type: 'member_state', country: 'FR', answers: {} },
    {
      name: 'Ministerio de Inclusión',
      type: 'member_state',
      country: 'ES',
      answers: { policy_fields: ['employment'] },
    },
    // Financial intermediaries: two in Italy serve migrant entrepreneurs with microfinance.
    {
      name: 'Banca Etica',
      type: 'financial_intermediary',
      country: 'IT',
      answers: FI(['entrepreneurship'], ['migrant_entrepreneurs', 'refugees'], ['microfinance', 'loan'], 15_000),
    },
    {
      name: 'PerMicro',
      type: 'financial_intermediary',
      country: 'IT',
      answers: FI(['entrepreneurship', 'employment'], ['migrant_entrepreneurs'], ['microfinance'], 10_000),
    },
    {
      name: 'Cassa Depositi e Prestiti',
      type: 'financial_intermediary',
      country: 'IT',
      answers: FI(['housing'], ['refugees'], ['loan', 'guarantee'], 5_000_000),
    },
    {
      name: 'Adie',
      type: 'financial_intermediary',
      country: 'FR',
      answers: FI(['entrepreneurship'], ['migrant_entrepreneurs'], ['microfinance'], 8_000),
    },
    {
      name: 'GLS Bank',
      type: 'financial_intermediary',
      country: 'DE',
      answers: FI(['housing'], ['refugees'], ['loan'], 2_000_000),
    },
    {
      name: 'MicroBank',
      type: 'financial_intermediary',
      country: 'ES',
      answers: FI(['entrepreneurship'], ['migrant_women'], ['microfinance'], 12_000),
    },
    {
      name: 'Oikocredit',
      type: 'financial_intermediary',
      country: 'NL',
      answers: FI(['employment'], ['refugees'], ['equity'], 500_000),
    },
    // Service providers.
    {
      name: 'Cooperativa Sociale Dedalus',
      type: 'service_provider',
      country: 'IT',
      answers: { policy_fields: ['employment'], target_groups: ['refugees'], instruments_interest: ['loan'] },
    },
    {
      name: 'Cooperativa Lai-momo',
      type: 'service_provider',
      country: 'IT',
      answers: {
        policy_fields: ['entrepreneurship'],
        target_groups: ['migrant_entrepreneurs'],
        instruments_interest: ['microfinance'],
      },
    },
    { name: 'Singa Deutschland', type: 'service_provider', country: 'DE', answers: {} },
    { name: 'Groupe SOS', type: 'service_provider', country: 'FR', answers: {} },
    { name: 'Fundación Cepaim', type: 'service_provider', country: 'ES', answers: {} },
    { name: 'Vluchtelingenwerk', type: 'service_provider', country: 'NL', answers: {} },
    { name: 'Caritas Wien', type: 'service_provider', country: 'AT', answers: {} },
  ]
  const made: ScenarioResponse[] = []
  for (const item of plan) {
    const user = await makeUser(services, 'respondent', { name: item.name, type: item.type, country: item.country })
    // An intermediary finances in its own country unless a test says otherwise (the figures place it there).
    const answers =
      item.type === 'financial_intermediary' ? { main_country: item.country, ...item.answers } : item.answers
    const id = await answer(services, user, answers, item)
    made.push({ id, name: item.name, type: item.type, country: item.country, user })
  }
  return made
}

/** A test app holding the review scenario, and a reviewer's session cookie and API token. */
export async function reviewerOnScenario(): Promise<{ t: TestApp; cookie: string; token: string }> {
  const t = await createTestApp()
  await loadScenario(t.services)
  const reviewer = await makeUser(t.services, 'reviewer')
  return { t, cookie: (await sessionFor(t.services, reviewer)).cookie, token: await bearerFor(t.services, reviewer) }
}
