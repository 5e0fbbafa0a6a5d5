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

/** Files the data directory must hold are missing or out of step, so opening it could silently lose data. */
export class StoreIncompleteError extends Error {
  constructor(
    readonly dataDir: string,
    readonly problem: string,
  ) {
    super(
      `The data directory ${dataDir} is incomplete: ${problem}. The store refuses to open rather than start empty or lose ` +
        'acknowledged writes. Put the missing file back, or restore the last backup into a new directory ' +
        '(npm run cli -- restore --in BACKUP with DATA_DIR set to it) and start the server on that.',
    )
    this.name = 'StoreIncompleteError'
  }
}
