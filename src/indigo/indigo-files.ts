import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { parseCsv, type CsvRecord } from './csv.js'

/**
 * The INDIGO "all public data, one CSV per data type" export (GO Lab, University of Oxford), as far
 * as the importer reads it. Column names are INDIGO's, e.g. "Stage of Development - (Value)". Every
 * row is parsed with zod; a row that fails is reported and left out, never fatal.
 */
export const INDIGO_FILES = {
  projects: 'indigo_projects_raw.csv',
  organisations: 'indigo_orgs_raw.csv',
  investments: 'indigo_inv.csv',
  outcomePayments: 'indigo_opc.csv',
  locations: 'indigo_loc.csv',
} as const
export type IndigoFileKind = keyof typeof INDIGO_FILES

export const IndigoProjectId = z.string().regex(/^INDIGO-POJ-\d{4}$/, 'An INDIGO project id looks like INDIGO-POJ-0024')
export const IndigoOrgId = z
  .string()
  .regex(/^INDIGO-ORG-\d{4}$/, 'An INDIGO organisation id looks like INDIGO-ORG-0001')

/** A free-text cell: trimmed, line ends normalised; empty when the column is missing. */
const Text = z
  .string()
  .default('')
  .transform((value) => value.replace(/\r\n?/g, '\n').trim())
const Required = (what: string) => Text.pipe(z.string().min(1, `${what} is empty`))

const PROJECT_COLUMNS = {
  id: 'ID',
  name: 'Impact Bond Name - (Value)',
  alternativeNames: 'Alternative Names - (Value)',
  stage: 'Stage of Development - (Value)',
  prototype: 'Social Investment Prototype - (Value)',
  outcomesContractSigned: 'Dates - Date outcomes contract signed - (Value)',
  allContractsSigned: 'Dates - Date contracts between all parties signed - (Value)',
  anticipatedCompletion: 'Dates - Anticipated completion date - (Value)',
  actualCompletion: 'Dates - Actual completion date - (Value)',
  serviceStart: 'Dates - Start date of service provision - (Value)',
  serviceAnticipatedEnd: 'Dates - Anticipated end date of service provision - (Value)',
  serviceActualEnd: 'Dates - Actual end date of service provision - (Value)',
  jurisdiction: 'Jurisdiction - Jurisdiction - (Value)',
  investmentCurrency: 'Overall project finance - Total investment commitment - Currency - (Value)',
  investmentMin: 'Overall project finance - Total investment commitment - Amount - Min - (Value)',
  investmentExact: 'Overall project finance - Total investment commitment - Amount - Exact - (Value)',
  investmentMax: 'Overall project finance - Total investment commitment - Amount - Max - (Value)',
  outcomePaymentCurrency: 'Overall project finance - Maximum potential outcome payment - Currency - (Value)',
  outcomePaymentAmount: 'Overall project finance - Maximum potential outcome payment - Amount - (Value)',
  paymentsMadeCurrency: 'Overall project finance - Total outcome payments made - Currency - (Value)',
  paymentsMadeAmount: 'Overall project finance - Total outcome payments made - Amount - (Value)',
  socialChallenge: 'Purpose and classifications - Social challenge - (Value)',
  intervention: 'Purpose and classifications - Intervention - (Value)',
  policySector: 'Purpose and classifications - Policy sector - (Value)',
  targetPopulation: 'Service and beneficiaries - Target population - (Value)',
  targetedUsers:
    'Service and beneficiaries - Targeted number of unique service users or beneficiaries (total) - (Value)',
  actualUsers:
    'Service and beneficiaries - Actual number of unique service users or beneficiaries engaged (total) - (Value)',
  notes: 'Notes - (Value)',
  countries: 'Countries',
} as const

const ORGANISATION_COLUMNS = { id: 'ID', name: 'Name', country: 'Country', type: 'Type - (Value)' } as const

const INVESTMENT_COLUMNS = {
  projectId: 'Project ID',
  organisationId: 'Organisation ID - (Value)',
  roleCategory: 'Organisation Role Category - (Value)',
  currency: 'Investment Commitment - Currency - (Value)',
  amountMin: 'Investment Commitment - Amount - Min - (Value)',
  amountExact: 'Investment Commitment - Amount - Exact - (Value)',
  amountMax: 'Investment Commitment - Amount - Max - (Value)',
  investmentType: 'Investment Type - (Value)',
} as const

const OUTCOME_PAYMENT_COLUMNS = {
  projectId: 'Project ID',
  organisationId: 'Organisation ID - (Value)',
  roleCategory: 'Organisation Role Category - (Value)',
} as const

const LOCATION_COLUMNS = {
  projectId: 'Project ID',
  name: 'Location - Name - (Value)',
  country: 'Location - Country - (Value)',
} as const

/** Columns without which a file is not the INDIGO export (then the import stops before writing anything). */
const REQUIRED_COLUMNS: Record<IndigoFileKind, string[]> = {
  projects: [PROJECT_COLUMNS.id, PROJECT_COLUMNS.name],
  organisations: [ORGANISATION_COLUMNS.id, ORGANISATION_COLUMNS.name],
  investments: [INVESTMENT_COLUMNS.projectId, INVESTMENT_COLUMNS.organisationId],
  outcomePayments: [OUTCOME_PAYMENT_COLUMNS.projectId, OUTCOME_PAYMENT_COLUMNS.organisationId],
  locations: [LOCATION_COLUMNS.projectId, LOCATION_COLUMNS.name],
}

/** Picks INDIGO's columns under short names, then validates. */
function row<C extends Record<string, string>, S extends z.ZodRawShape>(columns: C, shape: S) {
  return z.preprocess(
    (values) =>
      Object.fromEntries(
        Object.entries(columns).map(([key, column]) => [key, (values as Record<string, string>)[column]]),
      ),
    z.object(shape),
  )
}

const textShape = <C extends Record<string, string>>(columns: C) =>
  Object.fromEntries(Object.keys(columns).map((key) => [key, Text])) as { [K in keyof C]: typeof Text }

export const ProjectRow = row(PROJECT_COLUMNS, {
  ...textShape(PROJECT_COLUMNS),
  id: Text.pipe(IndigoProjectId),
  name: Required('The impact bond name'),
})
export type ProjectRow = z.infer<typeof ProjectRow>

export const OrganisationRow = row(ORGANISATION_COLUMNS, {
  ...textShape(ORGANISATION_COLUMNS),
  id: Text.pipe(IndigoOrgId),
  name: Required('The organisation name'),
})
export type OrganisationRow = z.infer<typeof OrganisationRow>

export const InvestmentRow = row(INVESTMENT_COLUMNS, {
  ...textShape(INVESTMENT_COLUMNS),
  projectId: Text.pipe(IndigoProjectId),
  organisationId: Text.pipe(IndigoOrgId),
})
export type InvestmentRow = z.infer<typeof InvestmentRow>

export const OutcomePaymentRow = row(OUTCOME_PAYMENT_COLUMNS, {
  ...textShape(OUTCOME_PAYMENT_COLUMNS),
  projectId: Text.pipe(IndigoProjectId),
  organisationId: Text.pipe(IndigoOrgId),
})
export type OutcomePaymentRow = z.infer<typeof OutcomePaymentRow>

export const LocationRow = row(LOCATION_COLUMNS, {
  ...textShape(LOCATION_COLUMNS),
  projectId: Text.pipe(IndigoProjectId),
})
export type LocationRow = z.infer<typeof LocationRow>

export interface InvalidRow {
  file: string
  line: number
  /** The row's INDIGO id when it has a readable one. */
  ref: string | null
  problems: string[]
}

/** A valid row and the line of the file where it starts. */
export type Lined<T> = T & { line: number }

export interface IndigoExport {
  dir: string
  /** Rows read per file (valid and invalid); a missing optional file has no entry. */
  rowCounts: Partial<Record<IndigoFileKind, number>>
  missingFiles: string[]
  projects: Lined<ProjectRow>[]
  organisations: Map<string, Lined<OrganisationRow>>
  investments: Lined<InvestmentRow>[]
  outcomePayments: Lined<OutcomePaymentRow>[]
  locations: Lined<LocationRow>[]
  invalid: InvalidRow[]
}

/** The directory is not an INDIGO export (no project file, or a file without INDIGO's columns). */
export class IndigoFormatError extends Error {}

/** Reads and validates the export in `dir`. Only the project file is required. */
export function readIndigoExport(dir: string): IndigoExport {
  const result: IndigoExport = {
    dir,
    rowCounts: {},
    missingFiles: [],
    projects: [],
    organisations: new Map(),
    investments: [],
    outcomePayments: [],
    locations: [],
    invalid: [],
  }
  const read = <T>(kind: IndigoFileKind, schema: z.ZodType<T>, refColumn: string): Lined<T>[] => {
    const file = INDIGO_FILES[kind]
    const path = join(dir, file)
    if (!existsSync(path)) {
      if (kind === 'projects')
        throw new IndigoFormatError(
          `${path} not found: point --dir at the folder of the INDIGO CSV export (${Object.values(INDIGO_FILES).join(', ')})`,
        )
      result.missingFiles.push(file)
      return []
    }
    const table = parseCsv(readFileSync(path, 'utf8'))
    const missing = REQUIRED_COLUMNS[kind].filter((column) => !table.header.includes(column))
    if (missing.length > 0)
      throw new IndigoFormatError(
        `${file} is not an INDIGO export file: no column ${missing.map((c) => `"${c}"`).join(', ')}`,
      )
    result.rowCounts[kind] = table.records.length
    const rows: Lined<T>[] = []
    for (const record of table.records) {
      const parsed = schema.safeParse(record.values)
      if (parsed.success) rows.push({ ...parsed.data, line: record.line })
      else result.invalid.push(invalidRow(file, record, refColumn, parsed.error))
    }
    return rows
  }
  result.projects = read('projects', ProjectRow, PROJECT_COLUMNS.id)
  for (const org of read('organisations', OrganisationRow, ORGANISATION_COLUMNS.id))
    result.organisations.set(org.id, org)
  result.investments = read('investments', InvestmentRow, INVESTMENT_COLUMNS.projectId)
  result.outcomePayments = read('outcomePayments', OutcomePaymentRow, OUTCOME_PAYMENT_COLUMNS.projectId)
  result.locations = read('locations', LocationRow, LOCATION_COLUMNS.projectId)
  return result
}

function invalidRow(file: string, record: CsvRecord, refColumn: string, error: z.ZodError): InvalidRow {
  const ref = record.values[refColumn]?.trim() || null
  return {
    file,
    line: record.line,
    ref,
    problems: error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`),
  }
}
