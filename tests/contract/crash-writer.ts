/**
 * Writer process for crash.test.ts: `crash-writer.ts <dataDir> <compactAtBytes> <tag>`.
 * Runs inserts, updates ($inc, $set, $push) and deletes, many of them concurrent, forever. It prints
 * `ACK <op-id> <doc-id> <expected-state>` only after the write's promise resolved, and
 * `ISSUE <op-id> <doc-id> delete` before a delete (an unacknowledged delete may or may not survive).
 * `COMPACT` marks the start of a compaction, so the parent can kill during one.
 */
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'

const [dataDir, compactAtBytes, tag] = process.argv.slice(2)
if (!dataDir || !compactAtBytes || !tag) throw new Error('usage: crash-writer.ts <dataDir> <compactAtBytes> <tag>')

/**
 * stdout is a non-blocking socket: a write goes straight to the kernel (and survives a SIGKILL) only
 * while the parent keeps up; when its buffer is full (a slow or loaded parent) lines wait in this
 * process and die with it. A lost ACK only weakens the check, but a lost ISSUE would make the parent
 * expect a document this process deleted, so `printFlushed` waits until the line is in the kernel.
 */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`)
}
const printFlushed = (line: string): Promise<void> =>
  new Promise((resolve, reject) => process.stdout.write(`${line}\n`, (error) => (error ? reject(error) : resolve())))

const store = await openEmbeddedStore({
  dataDir,
  compactAtBytes: Number(compactAtBytes),
  onEvent: (event) => event.type === 'compaction-started' && print('COMPACT'),
})
const items = store.collection('items')
const live: string[] = []
const incsAcked = new Map<string, number>()
let opCounter = 0
let docCounter = 0
print('READY')

const pick = (): string => live[Math.floor(Math.random() * live.length)] ?? ''

function insert(): Promise<void> {
  const op = ++opCounter
  const id = `${tag}-${docCounter++}`
  return items.insertOne({ _id: id, n: 0, tags: [], note: 'x'.repeat(40) }).then(() => {
    live.push(id)
    print(`ACK ${op} ${id} present`)
  })
}

function update(id: string): Promise<void> {
  const op = ++opCounter
  const kind = Math.floor(Math.random() * 3)
  if (kind === 0) {
    return items.updateOne({ _id: id }, { $inc: { n: 1 } }).then(() => {
      const acked = (incsAcked.get(id) ?? 0) + 1
      incsAcked.set(id, acked)
      print(`ACK ${op} ${id} n>=${acked}`)
    })
  }
  if (kind === 1)
    return items.updateOne({ _id: id }, { $set: { [`f${op}`]: op } }).then(() => print(`ACK ${op} ${id} f${op}=${op}`))
  return items.updateOne({ _id: id }, { $push: { tags: op } }).then(() => print(`ACK ${op} ${id} tag:${op}`))
}

async function remove(): Promise<void> {
  const [id] = live.splice(Math.floor(Math.random() * live.length), 1)
  if (!id) return
  const op = ++opCounter
  await printFlushed(`ISSUE ${op} ${id} delete`) // in the kernel before the delete can reach the journal
  await items.deleteOne({ _id: id })
  print(`ACK ${op} ${id} absent`)
}

for (;;) {
  await Promise.all(Array.from({ length: 6 }, insert)) // concurrent: group commit
  await Promise.all(Array.from({ length: 20 }, () => update(pick())))
  await update(pick())
  if (live.length > 12) await remove()
}
