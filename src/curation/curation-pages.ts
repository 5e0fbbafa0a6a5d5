import { Router } from 'express'
import { requireRole, requireUser } from '../accounts/access.js'
import { quota } from '../quotas/write-quotas.js'
import { type CurationPagesDeps } from './curation-page-forms.js'
import { publishProposal, rejectProposal, showModeration } from './curation-moderation-handlers.js'
import {
  propose,
  showDataQuality,
  showOverview,
  showProposal,
  showProposeForm,
  showQueue,
} from './curation-page-handlers.js'
import {
  changeStatus,
  createRecord,
  listRecords,
  saveRecord,
  showHistory,
  showNewRecord,
  showRecord,
} from './curation-record-handlers.js'
import { readSourceHealthSettings } from './source-health.js'

export type { CurationPagesDeps } from './curation-page-forms.js'

/**
 * Curators' pages (`/curation…`): lists, create and edit forms with versioned saves, retire and
 * reinstate, history; the moderation queue. Any signed-in user: `/proposals/new` and their own
 * proposals. Everyone: `/data-quality`.
 */
export function curationPages(services: CurationPagesDeps): Router {
  const deps = { ...services, healthSettings: readSourceHealthSettings() }
  const router = Router()
  const curator = requireRole('curator', 'admin')

  router.get('/data-quality', showDataQuality(deps))

  router.get('/proposals/new', requireUser, showProposeForm())
  router.post('/proposals/new', requireUser, quota(deps.quotas, 'proposal'), propose(deps))
  router.get('/proposals/:id', requireUser, showProposal(deps))

  router.get('/curation', curator, showOverview(deps))
  router.get('/curation/proposals', curator, showQueue(deps))
  router.get('/curation/proposals/:id', curator, showModeration(deps))
  router.post('/curation/proposals/:id/publish', curator, publishProposal(deps))
  router.post('/curation/proposals/:id/reject', curator, rejectProposal(deps))

  router.get('/curation/:kind', curator, listRecords(deps))
  router.get('/curation/:kind/new', curator, showNewRecord(deps))
  router.post('/curation/:kind/new', curator, createRecord(deps))
  router.get('/curation/:kind/:id', curator, showRecord(deps))
  router.post('/curation/:kind/:id', curator, saveRecord(deps))
  router.post('/curation/:kind/:id/retire', curator, changeStatus(deps, 'retire'))
  router.post('/curation/:kind/:id/reinstate', curator, changeStatus(deps, 'reinstate'))
  router.get('/curation/:kind/:id/history', curator, showHistory(deps))
  return router
}
