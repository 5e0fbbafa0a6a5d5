// Waits until a MongoDB wire-protocol server answers a ping: node wait-for-server.mjs <uri> <timeout ms>.
import { MongoClient } from 'mongodb'

const [uri, timeout = '30000'] = process.argv.slice(2)
const deadline = Date.now() + Number(timeout)
let lastError = null
while (Date.now() < deadline) {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 })
  try {
    await client.db('admin').command({ ping: 1 })
    await client.close()
    process.exit(0)
  } catch (error) {
    lastError = error
    await client.close().catch(() => {})
    // serverSelectionTimeoutMS already waited up to a second; a refused connection returns at once.
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
console.error(`No answer from ${uri} within ${timeout} ms: ${lastError?.message ?? 'unknown error'}`)
process.exit(1)
