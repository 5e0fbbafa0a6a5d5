import { z } from 'zod'
import { t } from '../i18n/i18n.js'
import { EU_LANGUAGES } from '../i18n/locales.js'

export const TRANSLATION_REPORT_STATUSES = ['open', 'closed'] as const
export const TranslationReportStatus = z.enum(TRANSLATION_REPORT_STATUSES)
export type TranslationReportStatus = z.infer<typeof TranslationReportStatus>

/** What a reader sends from "Report a translation problem". */
export const TranslationReportInput = z.strictObject({
  _csrf: z.string().optional(),
  locale: z.enum(EU_LANGUAGES, { error: () => t('translationReports.errors.locale') }),
  page: z
    .string()
    .trim()
    .max(500, { error: () => t('translationReports.errors.pageTooLong') })
    .refine((page) => page === '' || (page.startsWith('/') && !page.startsWith('//')), {
      error: () => t('translationReports.errors.page'),
    })
    .default(''),
  problem: z
    .string({ error: () => t('translationReports.errors.problemRequired') })
    .trim()
    .min(5, { error: () => t('translationReports.errors.problemRequired') })
    .max(2000, { error: () => t('translationReports.errors.problemTooLong') }),
  suggestion: z
    .string()
    .trim()
    .max(2000, { error: () => t('translationReports.errors.suggestionTooLong') })
    .default(''),
})
export type TranslationReportInput = z.infer<typeof TranslationReportInput>

export interface TranslationReport {
  id: string
  locale: (typeof EU_LANGUAGES)[number]
  page: string
  problem: string
  suggestion: string
  status: TranslationReportStatus
  /** The signed-in reader, if any (anonymous readers may report too). */
  reporterId: string | null
  createdAt: string
  closedAt: string | null
  closedBy: string | null
}
