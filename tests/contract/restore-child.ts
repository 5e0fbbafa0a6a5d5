/**
 * Restore process for restore-kill.test.ts: `restore-child.ts <dataDir> <backupFile> <step>` restores
 * the backup with --force; when the restore reaches `step` it prints `AT <step>` and waits to be
 * killed (`never`: it runs to the end and prints DONE). `RESTORING` marks the start of the restore.
 */
import { readBackup, restoreBackup } from '../../src/backup/backup.js'
import { openStore } from '../../src/storage/open-store.js'

const [dataDir, backupFile, step] = process.argv.slice(2)
if (!dataDir || !backupFile || !step) throw new Error('usage: restore-child.ts <dataDir> <backupFile> <step>')
let reached: (() => void) | null = null
const store = await openStore({
  dataDir,
  allowIncompleteRestore: true,
  embedded: {
    onEvent: (event) => {
      if (event.type === 'restore-step' && event.step === step) reached?.()
    },
  },
})
const atStep = new Promise<void>((resolve) => (reached = resolve))
void atStep.then(() => {
  process.stdout.write(`AT ${step}\n`)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0) // stop right here until killed
})
const backup = await readBackup(backupFile, { allowUnsigned: true })
await new Promise<void>((resolve) => process.stdout.write('RESTORING\n', () => resolve()))
await restoreBackup(store, backup, { force: true })
await store.close()
process.stdout.write('DONE\n')
