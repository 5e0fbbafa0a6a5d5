import type { DocumentStore } from '../storage/document-store.js'

type PurposeDoc = { _id: 'purpose'; value: 'synthetic'; note: string }

/** A data directory filled by `bench-data` is marked so the app never seeds real data into it (and vice versa). */
export async function isSyntheticStore(store: DocumentStore): Promise<boolean> {
  const doc = await store.collection<PurposeDoc>('meta').findOne({ _id: 'purpose' })
  return doc?.value === 'synthetic'
}

export async function markSyntheticStore(store: DocumentStore): Promise<void> {
  await store
    .collection<PurposeDoc>('meta')
    .replaceOne(
      { _id: 'purpose' },
      { _id: 'purpose', value: 'synthetic', note: 'Synthetic benchmark data: not real cases' },
      { upsert: true },
    )
}
