import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeBackup } from '../../src/backup/backup.js'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { openStore } from '../../src/storage/open-store.js'
import { spawnScript, watchChild } from './child-process.js'
import { tempDirs } from './temp-dirs.js'

/**
 * `restore --force` killed at every step of its switch, and at random moments: the directory holds
 * the old store or the new one, whole, and opens (issue 13 #2).
 */

const dirs = tempDirs('restore-kill-')
afterAll(() => dirs.removeAll())

async function fingerprint(store: DocumentStore): Promise<string> {
  return JSON.stringify([...(await store.contents())])
}

async function fill(dir: string, label: string, count: number): Promise<string> {
  const store = await openStore({ dataDir: dir })
  await store.collection('users').createIndex({ keys: { email: 1 }, unique: true, name: 'email_unique' })
  for (let i = 0; i < count; i += 200) {
    await store.collection('items').insertMany(Array.from({ length: Math.min(200, count - i) }, (_, j) => ({ _id: `${label}-${i + j}`, label, pad: 'x'.repeat(200) })))
  }
  await store.collection('users').insertMany([{ _id: `${label}-admin`, email: `admin@${label}.example`, role: 'admin' }])
  const print = await fingerprint(store)
  await store.close()
  return print
}

describe('restore under SIGKILL', () => {
  it('leaves the old store or the new one after a kill at any step', { timeout: 240_000 }, async () => {
    const source = dirs.make()
    const newPrint = await fill(source, 'new', 3000)
    const backupFile = join(dirs.make(), 'backup.jsonl')
    const sourceStore = await openStore({ dataDir: source })
    await writeBackup(sourceStore, backupFile)
    await sourceStore.close()

    const steps = ['journal-created', 'snapshot-written', 'snapshot-checked', 'switched', 'cleaned', 'random', 'random', 'random', 'random', 'random']
    const outcomes: string[] = []
    for (const step of steps) {
      const dir = dirs.make()
      const oldPrint = await fill(dir, 'old', 500)
      const child = spawnScript('./restore-child.ts', [dir, backupFile, step === 'random' ? 'never' : step])
      const kill = () => child.kill('SIGKILL')
      const exited = watchChild(child, (line) => line.startsWith('AT ') && kill())
      if (step === 'random') setTimeout(kill, 300 + Math.random() * 2500)
      const { signal, stderr } = await exited
      expect(signal === 'SIGKILL' || stderr === '', stderr).toBe(true)
      const store = await openStore({ dataDir: dir })
      const print = await fingerprint(store)
      await store.close()
      const left = print === oldPrint ? 'old' : print === newPrint ? 'new' : 'mixed'
      outcomes.push(`${step}: ${left}`)
      expect(left, `after a kill at ${step}`).not.toBe('mixed')
      if (step !== 'random') expect(left).toBe(['switched', 'cleaned'].includes(step) ? 'new' : 'old')
    }
    console.info(`[restore-kill] ${steps.length} restores killed: ${outcomes.join('; ')}`)
  })
})
