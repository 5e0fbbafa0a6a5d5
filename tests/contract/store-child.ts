/**
 * Helper process for the durability tests:
 *   hold <dir>               open the store, print READY, keep it open until killed
 *   write-and-exit <dir> <n> insert n documents one by one, then exit without closing (a crash, lock left behind)
 *   race <dir>               try to open: print OPENED and hold it until killed, or LOCKED and exit
 */
import { StoreLockedError } from '../../src/storage/document-store.js'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'

const [mode, dataDir, count] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: store-child.ts <mode> <dataDir> [count]')
if (mode === 'race') {
  try {
    await openEmbeddedStore({ dataDir })
    process.stdout.write('OPENED\n')
    setInterval(() => undefined, 60_000)
  } catch (error) {
    if (!(error instanceof StoreLockedError)) throw error
    process.stdout.write('LOCKED\n')
    process.exit(0)
  }
}
const store = mode === 'race' ? null : await openEmbeddedStore({ dataDir })

if (mode === 'race' || !store) {
  // handled above
} else if (mode === 'hold') {
  process.stdout.write('READY\n')
  setInterval(() => undefined, 60_000)
} else if (mode === 'write-and-exit') {
  const items = store.collection('items')
  for (let i = 0; i < Number(count); i++) await items.insertOne({ _id: `doc-${i}`, i, text: `document number ${i}` })
  process.stdout.write('DONE\n')
  process.exit(0)
} else {
  throw new Error(`unknown mode ${mode}`)
}
