import { AppError } from '../errors.js'
import { t } from '../i18n/i18n.js'

/** 413 `document_too_large` when `value` would be stored as more than `maxBytes` of JSON (ADR 033). */
export function assertDocumentSize(value: unknown, maxBytes: number): void {
  const bytes = Buffer.byteLength(JSON.stringify(value))
  if (bytes > maxBytes)
    throw new AppError(
      413,
      'document_too_large',
      t('quota.documentTooLarge', { size: Math.ceil(bytes / 1024), max: Math.floor(maxBytes / 1024) }),
    )
}
