import { open, type FileHandle } from 'node:fs/promises'
import { FILE_MODE, writeAll } from './data-files.js'

/** An append-only journal file. `append` returns once the bytes are written and fsync'ed. */
export class JournalFile {
  private broken: Error | null = null

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private bytes: number,
  ) {}

  static async open(path: string): Promise<JournalFile> {
    const handle = await open(path, 'a', FILE_MODE)
    const { size } = await handle.stat()
    return new JournalFile(path, handle, size)
  }

  get size(): number {
    return this.bytes
  }

  async append(data: Buffer): Promise<void> {
    if (this.broken) throw this.broken
    try {
      await writeAll(this.handle, data)
      await this.handle.sync()
      this.bytes += data.length
    } catch (error) {
      await this.discardTail(error)
      throw error
    }
  }

  async close(): Promise<void> {
    await this.handle.close()
  }

  /** Cuts off a partly written batch so the rejected writes cannot reappear on restart. */
  private async discardTail(cause: unknown): Promise<void> {
    try {
      await this.handle.truncate(this.bytes)
      await this.handle.sync()
    } catch {
      this.broken = new Error(
        `The journal ${this.path} could not be repaired after a failed write; restart to recover`,
        { cause },
      )
    }
  }
}
