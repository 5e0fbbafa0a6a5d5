import { open, readFile, rename } from 'node:fs/promises'
import { z } from 'zod'
import { FILE_MODE, fsyncDir, MANIFEST_FILE, pathIn, writeAll } from './data-files.js'
import { isNotFound } from './snapshot.js'

/**
 * `store.json`: what the directory is known to hold, so recovery can tell a damaged directory from
 * a new one (ADR 022). `generation` is the last snapshot written; `hasData` is set once any document
 * was stored, so an emptied journal is refused instead of being taken for a fresh install.
 */
export const Manifest = z.object({
  format: z.literal(1),
  generation: z.number().int().min(0),
  hasData: z.boolean(),
})
export type Manifest = z.infer<typeof Manifest>

export async function readManifest(dataDir: string): Promise<Manifest | null> {
  let text: string
  try {
    text = await readFile(pathIn(dataDir, MANIFEST_FILE), 'utf8')
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
  try {
    return Manifest.parse(JSON.parse(text))
  } catch (error) {
    throw new Error(`${pathIn(dataDir, MANIFEST_FILE)} is damaged; restore the data directory from a backup`, {
      cause: error,
    })
  }
}

/** Replaces the manifest atomically (temp file, fsync, rename, fsync of the directory). */
export async function writeManifest(dataDir: string, manifest: Manifest): Promise<void> {
  const path = pathIn(dataDir, MANIFEST_FILE)
  const temp = `${path}.tmp`
  const handle = await open(temp, 'w', FILE_MODE)
  try {
    await writeAll(handle, Buffer.from(`${JSON.stringify(manifest)}\n`))
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temp, path)
  await fsyncDir(dataDir)
}
