import { t } from '../i18n/i18n.js'
import { isLocked, type ResponseRecord } from './response.js'

/**
 * What its authors are told DG HOME sees of a response, by its state: a draft shared or not; a
 * submission edited since, with or without consent to show the draft; a locked one (whose
 * changes can no longer be submitted, so it never says "submit again"). Null: nothing to add.
 */
export function visibilityText(
  record: Pick<ResponseRecord, 'status' | 'submission' | 'consentToViewDraft' | 'changedSinceSubmission'>,
): { text: string; warning: boolean } | null {
  const shared = record.consentToViewDraft === true
  if (!record.submission)
    return { text: t(shared ? 'response.visibility.draftShared' : 'response.visibility.draftPrivate'), warning: false }
  if (!record.changedSinceSubmission) return null
  if (isLocked(record))
    return {
      text: t(shared ? 'response.visibility.lockedChangedShared' : 'response.visibility.lockedChanged'),
      warning: true,
    }
  return { text: t(shared ? 'response.visibility.changedShared' : 'response.visibility.changed'), warning: true }
}
