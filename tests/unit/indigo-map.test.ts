import { describe, expect, it } from 'vitest'
import { ProjectRow } from '../../src/indigo/indigo-files.js'
import {
  clip,
  currencyCode,
  isIsoCountry,
  mapIndigoProject,
  normaliseName,
  POLICY_SECTORS,
  STAGES,
} from '../../src/indigo/indigo-map.js'
import { POLICY_FIELDS, STAGES as OUR_STAGES } from '../../src/shared/codelists.js'

/** A made-up project row in INDIGO's column naming. */
function project(values: Record<string, string>) {
  return ProjectRow.parse({
    ID: 'INDIGO-POJ-9100',
    'Impact Bond Name - (Value)': 'Made-up test bond',
    'Purpose and classifications - Policy sector - (Value)': 'Education',
    ...values,
  })
}
const map = (values: Record<string, string>) =>
  mapIndigoProject({ project: project(values), investors: [], payers: [], locations: [] }, new Map())

describe('INDIGO codelists onto ours', () => {
  it('maps every INDIGO policy sector to one of our policy fields or to null (skip), never to an unknown value', () => {
    expect(Object.keys(POLICY_SECTORS).sort()).toEqual([
      'agriculture and environment',
      'child and family welfare',
      'criminal justice',
      'education',
      'employment and training',
      'health',
      'homelessness',
      'poverty reduction',
    ])
    for (const field of Object.values(POLICY_SECTORS)) if (field !== null) expect(POLICY_FIELDS).toContain(field)
    for (const stage of Object.values(STAGES)) expect(OUR_STAGES).toContain(stage)
  })

  it('keeps a mappable project and says why an unmappable one cannot be a record of its own', () => {
    expect(map({ 'Purpose and classifications - Policy sector - (Value)': 'Child and family welfare' })).toMatchObject({
      skipReason: null,
      content: { policyFields: ['health_social_care'] },
    })
    expect(map({ 'Purpose and classifications - Policy sector - (Value)': 'Poverty reduction' }).skipReason).toBe(
      'policy sector "Poverty reduction" has no equivalent among our policy fields',
    )
    expect(map({ 'Purpose and classifications - Policy sector - (Value)': '' }).skipReason).toBe(
      'no policy sector in INDIGO',
    )
    expect(map({ 'Purpose and classifications - Policy sector - (Value)': 'Space travel' }).skipReason).toBe(
      'policy sector "Space travel" is not in INDIGO\'s codelist',
    )
  })

  it('maps stages, keeping the INDIGO wording as the status text', () => {
    expect(map({ 'Stage of Development - (Value)': 'Service delivery complete' }).content).toMatchObject({
      stage: 'completed',
      statusText: 'Service delivery complete',
    })
    expect(map({ 'Stage of Development - (Value)': 'Contracted' }).content.stage).toBe('contracted')
    const unknown = map({ 'Stage of Development - (Value)': 'Paused' })
    expect(unknown.content).toMatchObject({ stage: null, statusText: 'Paused' })
    expect(unknown.warnings).toContain('stage "Paused" is not in INDIGO\'s codelist; kept as text')
  })

  it('reads currencies as ISO 4217 codes, including the names found in the export', () => {
    expect(currencyCode('GBP')).toBe('GBP')
    expect(currencyCode('AUD ')).toBe('AUD')
    expect(currencyCode('Swiss Francs')).toBe('CHF')
    expect(currencyCode('Russian rubles')).toBe('RUB')
    expect(currencyCode('NZ dollar')).toBe('NZD')
    expect(currencyCode('Galleons')).toBeNull()
    expect(currencyCode('XYZ')).toBeNull()
  })

  it('keeps an amount in an unknown currency as text only, never as a figure', () => {
    const mapped = map({
      'Overall project finance - Total investment commitment - Currency - (Value)': 'Galleons',
      'Overall project finance - Total investment commitment - Amount - Exact - (Value)': '5000',
    })
    expect(mapped.content.amount).toBeNull()
    expect(mapped.content.amountText).toBe('Total investment commitment (capital raised): Galleons 5,000.')
    expect(mapped.warnings[0]).toMatch(/currency "Galleons" is not an ISO 4217 code/)
  })

  it('accepts ISO 3166-1 alpha-2 country codes only', () => {
    expect(['GB', 'DE', 'PS', 'SL'].every(isIsoCountry)).toBe(true)
    expect(['UK', 'EU', 'XX', 'ZZ', 'de', 'DEU'].some(isIsoCountry)).toBe(false)
  })

  it('takes the service start as start year and the actual, else anticipated, end as end year', () => {
    const mapped = map({
      'Dates - Date outcomes contract signed - (Value)': '2016-09',
      'Dates - Start date of service provision - (Value)': '2017-06',
      'Dates - Anticipated end date of service provision - (Value)': '2021',
    })
    expect(mapped.content).toMatchObject({
      yearStart: 2017,
      yearEnd: 2021,
      yearsText: 'outcomes contract signed 2016-09; service started 2017-06; service end anticipated 2021',
    })
  })

  it('normalises names for matching and clips long text at a word', () => {
    expect(normaliseName('  Duo for a Job — Brüssel! ')).toBe('duo for a job brussel')
    expect(clip('one two three four', 15)).toBe('one two three…')
    expect(clip('abcdefghijklmnop', 6)).toBe('abcde…')
    expect(clip('short', 12)).toBe('short')
  })
})
