/** A data file is damaged somewhere other than its last record, so opening could silently lose acknowledged writes. */
export class StoreCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(
      `The data file ${file} is corrupt at line ${line} (${reason}). ` +
        'Records after that line may hold acknowledged writes, so the store refuses to open. ' +
        'Restore the data directory from a backup, or repair or move the file after inspecting it.',
    )
    this.name = 'StoreCorruptError'
  }
}
