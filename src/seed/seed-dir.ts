import { fileURLToPath } from 'node:url'

/** The project's `seed/` directory (data files validated by the same schemas as the API). */
export const SEED_DIR_PATH = fileURLToPath(new URL('../../seed', import.meta.url))
