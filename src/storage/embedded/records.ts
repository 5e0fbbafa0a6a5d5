import { crc32 } from 'node:zlib'
import { z } from 'zod'

/** A declared index, normalised: key order matters for compound indexes, so keys are pairs. */
export const IndexDef = z.object({
  name: z.string().min(1),
  keys: z.array(z.tuple([z.string().min(1), z.union([z.literal(1), z.literal(-1)])])).min(1),
  unique: z.boolean(),
})
export type IndexDef = z.infer<typeof IndexDef>

const StoredDoc = z.looseObject({ _id: z.string() })

/** One physical change; replaying a change twice gives the same state (needed after compaction). */
export const Change = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), coll: z.string() }),
  z.object({ op: z.literal('put'), coll: z.string(), doc: StoredDoc }),
  z.object({ op: z.literal('del'), coll: z.string(), id: z.string() }),
  z.object({ op: z.literal('index'), coll: z.string(), index: IndexDef }),
  z.object({ op: z.literal('dropAll') }),
])
export type Change = z.infer<typeof Change>

/** A journal line holds every change of one write operation, so a torn line loses the whole operation. */
export const JournalEntry = z.array(Change).min(1)

export const SnapshotHeader = z.object({
  kind: z.literal('snapshot'),
  version: z.literal(1),
  generation: z.number().int().min(0),
})
export const SnapshotFooter = z.object({ kind: z.literal('end'), records: z.number().int().min(0) })

/** `<crc32 as 8 hex digits> <json>\n`; the checksum covers the JSON bytes. */
export function encodeLine(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value), 'utf8')
  const head = Buffer.from(`${crc32(json).toString(16).padStart(8, '0')} `, 'latin1')
  return Buffer.concat([head, json, Buffer.from('\n', 'latin1')])
}

export type Decoded = { ok: true; value: unknown } | { ok: false; reason: string }

/** Decodes one line without its newline. */
export function decodeLine(line: Buffer): Decoded {
  if (line.length < 10 || line[8] !== 0x20) return { ok: false, reason: 'malformed line' }
  const expected = line.subarray(0, 8).toString('latin1')
  if (!/^[0-9a-f]{8}$/.test(expected)) return { ok: false, reason: 'malformed checksum' }
  const json = line.subarray(9)
  if (crc32(json) !== Number.parseInt(expected, 16)) return { ok: false, reason: 'checksum mismatch' }
  try {
    return { ok: true, value: JSON.parse(json.toString('utf8')) as unknown }
  } catch {
    return { ok: false, reason: 'invalid JSON' }
  }
}

/** Splits a file into lines, reporting where each starts; a final segment without a newline is flagged. */
export function splitLines(data: Buffer): Array<{ line: Buffer; start: number; complete: boolean }> {
  const lines: Array<{ line: Buffer; start: number; complete: boolean }> = []
  let start = 0
  while (start < data.length) {
    const end = data.indexOf(0x0a, start)
    if (end === -1) {
      lines.push({ line: data.subarray(start), start, complete: false })
      break
    }
    lines.push({ line: data.subarray(start, end), start, complete: true })
    start = end + 1
  }
  return lines
}
