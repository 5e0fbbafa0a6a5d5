import { Router, type Request, type Response } from 'express'
import { z } from 'zod'
import { requireRole, principalOf } from '../accounts/access.js'
import type { AuditLog } from '../accounts/audit-log.js'
import { auditContext } from '../accounts/principal.js'
import type { Config } from '../config.js'
import { t } from '../i18n/i18n.js'
import { formatNumber } from '../i18n/format.js'
import { ProposalRepository } from '../curation/proposals.js'
import { formatImportReport, importIndigo } from '../indigo/indigo-import.js'
import type { InvestmentRepository } from '../investments/investment-repository.js'
import { sendPage } from '../http/pages.js'
import { parse, parseQuery } from '../http/validate.js'
import type { DocumentStore } from '../storage/document-store.js'
import { backupChunks } from './backup.js'

export interface StoragePagesDeps {
  store: DocumentStore
  investments: InvestmentRepository
  audit: AuditLog
  config: Pick<Config, 'backupKey' | 'indigoDir'>
  now?: () => Date
}

const NoQuery = z.strictObject({})
const ImportForm = z.strictObject({ _csrf: z.string().optional(), mode: z.enum(['dry-run', 'import', 'moderate']) })

/**
 * /admin/storage (ADR 024): what recovery and compaction reported, a consistent backup downloaded
 * from the running server, and the INDIGO import run by the running server. Administrators only.
 */
export function storagePages(deps: StoragePagesDeps): Router {
  const router = Router()
  const now = deps.now ?? (() => new Date())
  router.use('/admin', requireRole('admin'))

  router.get('/admin/storage', (req, res) => {
    parseQuery(NoQuery, req.query)
    sendPage(res, 'pages/admin/storage', storageView(deps, null))
  })

  router.get('/admin/backup', async (req, res) => {
    parseQuery(NoQuery, req.query)
    await sendBackup(deps, req, res, 'page', now())
  })

  router.post('/admin/imports/indigo', async (req, res) => {
    const form = parse(ImportForm, req.body ?? {})
    const dir = deps.config.indigoDir
    if (!dir) {
      sendPage(res, 'pages/admin/storage', storageView(deps, null), 400)
      return
    }
    const report = await importIndigo(dir, deps.investments, {
      now: now().toISOString(),
      dryRun: form.mode === 'dry-run',
      ...(form.mode === 'moderate' ? { moderate: { proposals: new ProposalRepository(deps.store) } } : {}),
    })
    await deps.audit.record('import_run', auditContext(req, 'page'), principalOf(req).user.email, {
      dir,
      dryRun: form.mode === 'dry-run' ? 'yes' : 'no',
      imported: String(report.imported.length),
      merged: String(report.merged.length),
      proposed: String(report.proposals.length),
    })
    sendPage(res, 'pages/admin/storage', storageView(deps, { text: formatImportReport(report), dryRun: report.dryRun }))
  })

  return router
}

function storageView(deps: StoragePagesDeps, report: { text: string; dryRun: boolean } | null) {
  const status = deps.store.status()
  return {
    title: t('admin.storageTitle'),
    kind: t(`admin.storeKinds.${status.kind}`),
    embedded: status.kind === 'embedded',
    droppedText:
      status.droppedAtRecovery.length > 0
        ? t('admin.recoveryDropped', { count: status.droppedAtRecovery.length })
        : t('admin.recoveryNone'),
    dropped: status.droppedAtRecovery.map((d) => ({
      file: d.file,
      line: formatNumber(d.line),
      offset: formatNumber(d.offset),
      bytes: formatNumber(d.bytes),
      reason: d.reason,
    })),
    compactionText:
      status.compactionFailures > 0
        ? t('admin.compactionFailed', { count: status.compactionFailures, error: status.lastCompactionError ?? '' })
        : t('admin.compactionOk'),
    signedText: deps.config.backupKey ? t('admin.backupSigned') : t('admin.backupUnsigned'),
    importLead: deps.config.indigoDir ? t('admin.importLead', { dir: deps.config.indigoDir }) : null,
    importReport: report?.text ?? null,
    importOutcome: report ? t(report.dryRun ? 'admin.importTried' : 'admin.importDone') : null,
  }
}

/**
 * `GET /api/v1/backup` (admins, bearer token): the same signed backup as the page's download, for a
 * scheduled job (docs/operations.md); every write acknowledged before it began is in it.
 */
export function backupApi(deps: StoragePagesDeps): Router {
  const router = Router()
  const now = deps.now ?? (() => new Date())
  router.get('/backup', requireRole('admin'), async (req, res) => {
    parse(NoQuery, req.query)
    await sendBackup(deps, req, res, 'api', now())
  })
  return router
}

async function sendBackup(
  deps: StoragePagesDeps,
  req: Request,
  res: Response,
  via: 'page' | 'api',
  at: Date,
): Promise<void> {
  const contents = await deps.store.contents() // every write acknowledged before this point is in it
  const stamp = at
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z')
  res.setHeader('Content-Type', 'application/jsonl; charset=utf-8')
  res.setHeader('Content-Disposition', `attachment; filename="fi-for-inclusion-backup-${stamp}.jsonl"`)
  res.setHeader('Cache-Control', 'no-store')
  const documents = [...contents.values()].reduce((sum, docs) => sum + docs.length, 0)
  await deps.audit.record('backup_downloaded', auditContext(req, via), principalOf(req).user.email, {
    documents: String(documents),
    signed: deps.config.backupKey ? 'yes' : 'no',
  })
  for (const chunk of backupChunks(contents, deps.store.kind, { now: at, key: deps.config.backupKey })) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve))
  }
  res.end()
}
