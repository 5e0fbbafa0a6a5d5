import type { Logger } from '../logger.js'
import type { EmbeddedStoreEvent } from './embedded/embedded-store.js'

/** Log lines for what the embedded store reports: every record dropped at recovery, failed compactions, a lost lock. */
export function logStoreEvents(
  logger: Logger,
  onLockLost: () => void = () => undefined,
): (event: EmbeddedStoreEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'recovered':
        for (const dropped of event.dropped) {
          logger.warn('record dropped at recovery', {
            file: dropped.file,
            line: dropped.line,
            offset: dropped.offset,
            bytes: dropped.bytes,
            reason: dropped.reason,
          })
        }
        logger.info('store recovered', {
          generation: event.generation,
          droppedRecords: event.dropped.length,
          droppedBytes: event.droppedBytes,
        })
        break
      case 'compaction-failed':
        logger.error('compaction failed; the journal keeps every change and compaction is tried again', {
          error: event.error,
          failures: event.failures,
        })
        break
      case 'compaction-finished':
        logger.debug('compaction finished', { snapshotBytes: event.snapshotBytes })
        break
      case 'final-snapshot-failed':
        logger.error(
          'final snapshot not written; the journal keeps every acknowledged write and is replayed at the next start',
          { error: event.error },
        )
        break
      case 'lock-lost':
        logger.error(
          'the data directory lock was taken over by another process; this process stops writing and shuts down',
        )
        onLockLost()
        break
      default:
        break
    }
  }
}
