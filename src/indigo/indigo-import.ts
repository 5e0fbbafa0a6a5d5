import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  INDIGO_IMPORT_PROPOSER,
  ProposalContent,
  type Proposal,
  type ProposalRepository,
} from '../curation/proposals.js'
import { t } from '../i18n/i18n.js'
import { Investment, type InvestmentContent } from '../investments/investment.js'
import type { Relevance } from '../shared/codelists.js'
import { parseCsv } from './csv.js'
import type { InvestmentRepository } from '../investments/investment-repository.js'
import { INDIGO_FILES, readIndigoExport, type IndigoExport, type InvalidRow } from './indigo-files.js'
import { indigoRecordUrl, mapIndigoProject, normaliseName } from './indigo-map.js'

/**
 * `npm run cli -- import:indigo --dir D`: every INDIGO project becomes an imported investment unless
 * it is already in the repository (same INDIGO id, or same name on a record without one), in which
 * case it only fills what that record leaves empty, or its policy sector has no equivalent in our
 * codelist. ADR 011 has the rules.
 */

export interface MergedProject {
  indigoId: string
  id: string
  matchedBy: 'indigoId' | 'name'
  fields: string[]
}

export interface SkippedProject {
  indigoId: string
  title: string
  reason: string
  /** The existing record it matched, if any. */
  id: string | null
}

export interface ImportReport {
  dir: string
  dryRun: boolean
  files: { file: string; rows: number }[]
  missingFiles: string[]
  imported: { indigoId: string; id: string; title: string }[]
  merged: MergedProject[]
  skipped: SkippedProject[]
  invalid: InvalidRow[]
  warnings: { ref: string; message: string }[]
  /** How the relevance rule marked the projects of the export (ADR 050), and the new records among them. */
  relevance: {
    projects: Record<Relevance, number>
    imported: Record<Relevance, number>
    /** The rule against the hand-screened subset file, when the export folder has one. */
    check: RelevanceCheck | null
  }
  /** `--moderate`: the new records became proposals (ids), and merges were left for an ordinary import. */
  moderated: boolean
  proposals: { indigoId: string; proposalId: string; title: string }[]
}

/** The shared export's hand-screened list of the projects that target migrants or refugees. */
export const MIGRANT_SUBSET_FILE = 'indigo_migrant_refugee_subset.csv'

export interface RelevanceCheck {
  file: string
  subset: number
  /** In the subset and marked migrants_refugees by the rule. */
  agree: number
  /** Marked migrants_refugees by the rule but not in the subset. */
  onlyRule: string[]
  /** In the subset but marked other by the rule. */
  onlySubset: string[]
}

export interface ImportOptions {
  /** ISO timestamp written as createdAt / updatedAt. */
  now: string
  dryRun?: boolean
  /** Each new record becomes a pending proposal instead of a published investment. */
  moderate?: { proposals: ProposalRepository }
}

/**
 * Field groups filled together, and only when the existing record leaves the whole group empty: a
 * group states one fact (an amount and its wording), so half of it is never mixed with INDIGO's.
 * Never filled: title, summary, policy fields, instruments, sources, confidence and notes (a
 * curator's own words and judgement).
 */
const MERGE_GROUPS: (keyof InvestmentContent)[][] = [
  ['indigoId'],
  ['results'],
  ['countries'],
  ['targetGroups', 'targetGroupText'],
  ['instrumentText'],
  ['stage', 'statusText'],
  ['yearStart', 'yearEnd', 'yearsText'],
  ['amount', 'amountText'],
  ['financiers'],
  ['outcomePayer'],
]

const isEmpty = (value: unknown) =>
  value === null || value === undefined || (Array.isArray(value) && value.length === 0)

export function indigoInvestmentId(indigoId: string): string {
  return indigoId.toLowerCase()
}

export async function importIndigo(
  dir: string,
  investments: InvestmentRepository,
  options: ImportOptions,
): Promise<ImportReport> {
  return applyIndigoExport(readIndigoExport(dir), investments, options, readMigrantSubset(dir))
}

/** The ids of the hand-screened subset, when the export folder has the file. */
export function readMigrantSubset(dir: string): Set<string> | null {
  const path = join(dir, MIGRANT_SUBSET_FILE)
  if (!existsSync(path)) return null
  return new Set(
    parseCsv(readFileSync(path, 'utf8'))
      .records.map((row) => (row.values.ID ?? '').trim())
      .filter(Boolean),
  )
}

function checkAgainstSubset(subset: Set<string>, marked: Map<string, Relevance>): RelevanceCheck {
  const ruled = new Set([...marked].filter(([, relevance]) => relevance === 'migrants_refugees').map(([id]) => id))
  return {
    file: MIGRANT_SUBSET_FILE,
    subset: subset.size,
    agree: [...subset].filter((id) => ruled.has(id)).length,
    onlyRule: [...ruled].filter((id) => !subset.has(id)).sort(),
    onlySubset: [...subset].filter((id) => !ruled.has(id)).sort(),
  }
}

export async function applyIndigoExport(
  data: IndigoExport,
  investments: InvestmentRepository,
  options: ImportOptions,
  migrantSubset: Set<string> | null = null,
): Promise<ImportReport> {
  const report: ImportReport = {
    dir: data.dir,
    dryRun: options.dryRun === true,
    files: (Object.keys(INDIGO_FILES) as (keyof typeof INDIGO_FILES)[])
      .filter((kind) => data.rowCounts[kind] !== undefined)
      .map((kind) => ({ file: INDIGO_FILES[kind], rows: data.rowCounts[kind] ?? 0 })),
    missingFiles: data.missingFiles,
    imported: [],
    merged: [],
    skipped: [],
    invalid: [...data.invalid],
    warnings: [],
    relevance: {
      projects: { migrants_refugees: 0, other: 0 },
      imported: { migrants_refugees: 0, other: 0 },
      check: null,
    },
    moderated: options.moderate !== undefined,
    proposals: [],
  }
  const marked = new Map<string, Relevance>()

  const projectIds = new Set(data.projects.map((p) => p.id))
  const byProject = <R extends { projectId: string; line: number }>(rows: R[], file: string) => {
    const map = new Map<string, R[]>()
    for (const row of rows) {
      if (!projectIds.has(row.projectId)) {
        report.warnings.push({
          ref: row.projectId,
          message: `${file} line ${row.line} refers to a project that is not in the project file`,
        })
        continue
      }
      const list = map.get(row.projectId) ?? []
      list.push(row)
      map.set(row.projectId, list)
    }
    return map
  }
  const investors = byProject(data.investments, INDIGO_FILES.investments)
  const payers = byProject(data.outcomePayments, INDIGO_FILES.outcomePayments)
  const locations = byProject(data.locations, INDIGO_FILES.locations)

  const existing = await investments.all()
  const byIndigoId = new Map<string, Investment>()
  const byName = new Map<string, Investment[]>()
  const takenIds = new Set(existing.map((i) => i.id))
  for (const investment of existing) {
    if (investment.indigoId) {
      if (!byIndigoId.has(investment.indigoId)) byIndigoId.set(investment.indigoId, investment)
    } else {
      const key = normaliseName(investment.title)
      byName.set(key, [...(byName.get(key) ?? []), investment])
    }
  }
  const namesInExport = new Map<string, number>()
  for (const project of data.projects)
    namesInExport.set(normaliseName(project.name), (namesInExport.get(normaliseName(project.name)) ?? 0) + 1)

  const seen = new Set<string>()
  const toInsert: Investment[] = []
  const toPropose: Proposal[] = []
  const proposedRefs = options.moderate ? await options.moderate.proposals.importedRefs() : new Set<string>()
  const merges: { next: Investment; version: number }[] = []

  for (const project of data.projects) {
    const title = project.name
    if (seen.has(project.id)) {
      report.skipped.push({
        indigoId: project.id,
        title,
        reason: 'the INDIGO id appears more than once in the project file; first row used',
        id: null,
      })
      continue
    }
    seen.add(project.id)
    const mapped = mapIndigoProject(
      {
        project,
        investors: investors.get(project.id) ?? [],
        payers: payers.get(project.id) ?? [],
        locations: locations.get(project.id) ?? [],
      },
      data.organisations,
    )
    for (const message of mapped.warnings) report.warnings.push({ ref: project.id, message })
    marked.set(project.id, mapped.content.relevance)
    report.relevance.projects[mapped.content.relevance]++

    // 1. Already in the repository?
    let match: Investment | undefined = byIndigoId.get(project.id)
    let matchedBy: MergedProject['matchedBy'] = 'indigoId'
    if (!match) {
      const key = normaliseName(project.name)
      const candidates = byName.get(key) ?? []
      if (candidates.length > 1) {
        report.skipped.push({
          indigoId: project.id,
          title,
          reason: `its name matches several records (${candidates.map((c) => c.id).join(', ')}); link one by hand`,
          id: null,
        })
        continue
      }
      if (candidates.length === 1) {
        if ((namesInExport.get(key) ?? 0) > 1) {
          report.skipped.push({
            indigoId: project.id,
            title,
            reason: `its name matches ${candidates[0]!.id}, but several INDIGO projects have this name; link the right one by hand`,
            id: candidates[0]!.id,
          })
          continue
        }
        match = candidates[0]
        matchedBy = 'name'
      }
    }
    if (match) {
      if (options.moderate) {
        report.skipped.push({
          indigoId: project.id,
          title,
          reason: `already in the repository as ${match.id}; a moderated import only proposes new records`,
          id: match.id,
        })
        continue
      }
      if (match.retired) {
        report.skipped.push({
          indigoId: project.id,
          title,
          reason: `matches the retired record ${match.id}; left as it is`,
          id: match.id,
        })
        continue
      }
      const fills = fillEmpty(match, mapped.content)
      if (fills.length === 0) {
        report.skipped.push({
          indigoId: project.id,
          title,
          reason: `already in the repository as ${match.id} (matched by ${matchedBy === 'name' ? 'name' : 'INDIGO id'}); nothing to add`,
          id: match.id,
        })
        continue
      }
      const next: Investment = { ...match, ...pick(mapped.content, fills), updatedAt: options.now }
      merges.push({ next, version: match.version })
      report.merged.push({ indigoId: project.id, id: match.id, matchedBy, fields: fills })
      byIndigoId.set(project.id, next)
      if (matchedBy === 'name') byName.delete(normaliseName(project.name))
      continue
    }

    // 2. A new record, if our codelists can hold it.
    if (mapped.skipReason) {
      report.skipped.push({ indigoId: project.id, title, reason: mapped.skipReason, id: null })
      continue
    }
    const id = indigoInvestmentId(project.id)
    if (takenIds.has(id)) {
      report.skipped.push({
        indigoId: project.id,
        title,
        reason: `the id ${id} is taken by a record linked to another INDIGO project`,
        id,
      })
      continue
    }
    const parsed = Investment.safeParse({
      ...mapped.content,
      id,
      origin: 'imported',
      originRef: project.id,
      version: 1,
      createdAt: options.now,
      updatedAt: options.now,
      retired: false,
    })
    if (!parsed.success) {
      report.invalid.push({
        file: INDIGO_FILES.projects,
        line: project.line,
        ref: project.id,
        problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      })
      continue
    }
    takenIds.add(id)
    if (options.moderate) {
      if (proposedRefs.has(project.id)) {
        report.skipped.push({ indigoId: project.id, title, reason: 'a moderated import already proposed it', id: null })
        continue
      }
      const proposal = toProposal(parsed.data, project.id, options.now)
      if (!proposal) {
        report.invalid.push({
          file: INDIGO_FILES.projects,
          line: project.line,
          ref: project.id,
          problems: ['cannot become a proposal'],
        })
        continue
      }
      toPropose.push(proposal)
      report.proposals.push({ indigoId: project.id, proposalId: proposal.id, title: parsed.data.title })
      continue
    }
    toInsert.push(parsed.data)
    report.imported.push({ indigoId: project.id, id, title: parsed.data.title })
    report.relevance.imported[parsed.data.relevance]++
  }

  if (!report.dryRun) {
    // One unit: an import interrupted half-way leaves nothing of it.
    await investments.unit(async (tx) => {
      for (let i = 0; i < toInsert.length; i += 500) await investments.insertMany(toInsert.slice(i, i + 500), tx)
      for (const { next, version } of merges) await investments.replace(next, version, tx)
      for (const proposal of toPropose) await options.moderate!.proposals.insert(proposal, tx)
    })
  }
  if (migrantSubset) report.relevance.check = checkAgainstSubset(migrantSubset, marked)
  return report
}

/** A new record as a pending proposal: the proposer's fields, and the curator's ones set apart (prefilled on the moderation form). */
function toProposal(record: Investment, indigoId: string, now: string): Proposal | null {
  const {
    confidence,
    confidenceText,
    notes,
    indigoId: _id,
    amountSource: _as,
    lastVerified: _lv,
    id: _i,
    origin: _o,
    originRef: _r,
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    retired: _rt,
    ...fields
  } = record
  const content = ProposalContent.safeParse({
    ...fields,
    // The INDIGO record page publishes the amount the import read.
    amountSource: record.amount ? indigoRecordUrl(indigoId) : null,
    comment: t('import.proposalComment', { id: indigoId }),
  })
  if (!content.success) return null
  return {
    id: randomUUID(),
    status: 'pending',
    version: 1,
    content: content.data,
    proposedBy: { ...INDIGO_IMPORT_PROPOSER },
    createdAt: now,
    updatedAt: now,
    decidedBy: null,
    decidedAt: null,
    reason: null,
    investmentId: null,
    imported: { source: 'indigo', ref: indigoId, indigoId, confidence, confidenceText, notes },
  }
}

/** The groups of `target` that are wholly empty and that INDIGO can fill (field names). */
function fillEmpty(target: Investment, source: InvestmentContent): (keyof InvestmentContent)[] {
  const fields: (keyof InvestmentContent)[] = []
  for (const group of MERGE_GROUPS) {
    if (!group.every((field) => isEmpty(target[field]))) continue
    if (group.every((field) => isEmpty(source[field]))) continue
    fields.push(...group.filter((field) => !isEmpty(source[field])))
  }
  return fields
}

function pick(content: InvestmentContent, fields: (keyof InvestmentContent)[]): Partial<InvestmentContent> {
  return Object.fromEntries(fields.map((field) => [field, content[field]]))
}

/** The report as the command line prints it. */
export function formatImportReport(report: ImportReport): string {
  const lines: string[] = []
  lines.push(`INDIGO import from ${report.dir}${report.dryRun ? ' (dry run: nothing written)' : ''}`)
  lines.push(`Files read: ${report.files.map((f) => `${f.file} (${f.rows} rows)`).join(', ')}`)
  if (report.missingFiles.length > 0) lines.push(`Files not found (optional): ${report.missingFiles.join(', ')}`)
  const projects =
    report.imported.length +
    report.merged.length +
    report.skipped.length +
    report.invalid.filter((r) => r.file === INDIGO_FILES.projects).length
  lines.push('')
  lines.push(`Projects: ${projects}`)
  lines.push(
    `  imported: ${report.imported.length} (relevance migrants_refugees: ${report.relevance.imported.migrants_refugees}, other: ${report.relevance.imported.other})`,
  )
  if (report.moderated) lines.push(`  proposed for moderation (nothing published): ${report.proposals.length}`)
  lines.push(`  merged into existing records: ${report.merged.length}`)
  for (const m of report.merged)
    lines.push(
      `    ${m.indigoId} → ${m.id} (matched by ${m.matchedBy === 'name' ? 'name' : 'INDIGO id'}): filled ${m.fields.join(', ')}`,
    )
  lines.push(`  skipped: ${report.skipped.length}`)
  const reasons = new Map<string, SkippedProject[]>()
  for (const s of report.skipped) {
    const key = s.reason.replace(/ as [a-z0-9-]+ \(/, ' as … (').replace(/ record [a-z0-9-]+;/, ' record …;')
    reasons.set(key, [...(reasons.get(key) ?? []), s])
  }
  for (const [reason, items] of [...reasons].sort((a, b) => b[1].length - a[1].length)) {
    const refs = items.map((s) => (s.id ? `${s.indigoId}→${s.id}` : s.indigoId))
    lines.push(
      `    ${items.length} × ${reason}: ${refs.slice(0, 20).join(', ')}${refs.length > 20 ? `, … ${refs.length - 20} more` : ''}`,
    )
  }
  lines.push(
    `Relevance of every project in the export: migrants_refugees ${report.relevance.projects.migrants_refugees}, other ${report.relevance.projects.other}`,
  )
  const check = report.relevance.check
  if (check)
    lines.push(
      `  against ${check.file} (${check.subset} hand-screened): ${check.agree} agree; marked migrants_refugees but not in it: ${check.onlyRule.join(', ') || 'none'}; in it but marked other: ${check.onlySubset.join(', ') || 'none'}`,
    )
  lines.push(`Invalid rows (left out): ${report.invalid.length}`)
  for (const row of report.invalid.slice(0, 50))
    lines.push(`    ${row.file} line ${row.line}${row.ref ? ` (${row.ref})` : ''}: ${row.problems.join('; ')}`)
  if (report.invalid.length > 50) lines.push(`    … ${report.invalid.length - 50} more`)
  lines.push(`Warnings: ${report.warnings.length}`)
  for (const w of report.warnings.slice(0, 30)) lines.push(`    ${w.ref}: ${w.message}`)
  if (report.warnings.length > 30) lines.push(`    … ${report.warnings.length - 30} more`)
  return lines.join('\n')
}
