import { randomUUID } from 'node:crypto'
import type { DocumentCollection, DocumentStore } from '../storage/document-store.js'
import type { TranslationReport, TranslationReportInput, TranslationReportStatus } from './translation-report.js'

type ReportDoc = Omit<TranslationReport, 'id'> & { _id: string; [key: string]: unknown }

/** Reports of translation problems, for the editors (collection `translation_reports`). */
export class TranslationReportRepository {
  private readonly collection: DocumentCollection<ReportDoc>

  constructor(
    store: DocumentStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.collection = store.collection<ReportDoc>('translation_reports')
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { status: 1, createdAt: -1 }, name: 'status_createdAt' })
  }

  async create(input: Omit<TranslationReportInput, '_csrf'>, reporterId: string | null): Promise<TranslationReport> {
    const report: TranslationReport = {
      id: randomUUID(),
      locale: input.locale,
      page: input.page,
      problem: input.problem,
      suggestion: input.suggestion,
      status: 'open',
      reporterId,
      createdAt: this.now().toISOString(),
      closedAt: null,
      closedBy: null,
    }
    const { id, ...rest } = report
    await this.collection.insertOne({ _id: id, ...rest })
    return report
  }

  /** Newest first, one page at a time. */
  async list(
    status: TranslationReportStatus,
    page: { skip: number; limit: number },
  ): Promise<{ items: TranslationReport[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.collection.find({ status }, { sort: { createdAt: -1, _id: 1 }, skip: page.skip, limit: page.limit }),
      this.collection.countDocuments({ status }),
    ])
    return { items: docs.map(fromDoc), total }
  }

  /** Marks an open report as dealt with; false when there is no such open report. */
  async close(id: string, by: string): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: id, status: 'open' },
      { $set: { status: 'closed', closedAt: this.now().toISOString(), closedBy: by } },
    )
    return result.matchedCount === 1
  }
}

function fromDoc({ _id, ...rest }: ReportDoc): TranslationReport {
  return { id: _id, ...(rest as Omit<TranslationReport, 'id'>) }
}
