import { t } from '../i18n/i18n.js'
import { Router } from 'express'
import { z } from 'zod'
import { parse, singleParam } from '../http/validate.js'
import { Change, type ChangeLog } from './change-log.js'

export const ChangesQuery = z.strictObject({
  since: singleParam(
    z.coerce
      .number({ error: () => t('validation.changesSince') })
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .default(0),
  ),
  limit: singleParam(
    z.coerce
      .number({ error: () => t('validation.changesLimit') })
      .int()
      .min(1)
      .max(1000)
      .default(100),
  ),
})

export const ChangeItem = Change.extend({
  /** The record's page; null once the record is removed. */
  url: z.string().nullable(),
})

export const ChangesPage = z.object({
  items: z.array(ChangeItem),
  /** Pass as `since` to read on; equal to `since` when nothing new was written. */
  next: z.number().int().min(0),
})

/** The page address of a changed record (the API addresses follow the same pattern under /api/v1). */
export function changeUrl(change: Change): string | null {
  if (change.op === 'remove') return null
  if (change.collection === 'glossary') return `/glossary#${change.id}`
  return `/${change.collection}/${change.id}`
}

/** `GET /api/v1/changes?since=&limit=`: every write of investments, instruments, funds and glossary terms, oldest first. */
export function changesApi(changes: ChangeLog): Router {
  const router = Router()
  router.get('/', async (req, res) => {
    const { since, limit } = parse(ChangesQuery, req.query)
    const items = await changes.list(since, limit)
    const body: z.infer<typeof ChangesPage> = {
      items: items.map((change) => ({ ...change, url: changeUrl(change) })),
      next: items.at(-1)?.seq ?? since,
    }
    res.json(body)
  })
  return router
}
