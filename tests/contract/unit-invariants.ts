import type { Doc, DocumentStore } from '../../src/storage/document-store.js'

/** What the writers of crash-units-writer.ts acknowledged. */
export class UnitAcks {
  /** investment id → highest acknowledged version */
  readonly versions = new Map<string, number>()
  /** proposal id → investment id it was published as (null: proposed, not yet published) */
  readonly proposals = new Map<string, string | null>()
  count = 0

  apply(line: string): void {
    const [tag, kind, id, detail] = line.split(' ')
    if (tag !== 'ACK' || !kind || !id || !detail) return
    this.count++
    if (kind === 'edit' || kind === 'retire')
      this.versions.set(id, Math.max(this.versions.get(id) ?? 0, Number(detail)))
    else if (kind === 'propose') this.proposals.set(id, this.proposals.get(id) ?? null)
    else if (kind === 'publish') this.proposals.set(id, detail)
  }
}

export interface InvariantReport {
  problems: string[]
  checked: { investments: number; versions: number; changes: number; proposals: number; published: number }
}

/**
 * The invariants of the multi-document writes, read straight from the store: the changes feed is
 * 1…N without gaps; every version of every investment has its changes-feed entry and (for curated
 * versions) its history entry; every published proposal has its investment and every investment
 * made from a proposal has its published proposal; every acknowledged write is there.
 */
export async function checkUnitInvariants(store: DocumentStore, acks: UnitAcks): Promise<InvariantReport> {
  const [investments, history, changes, proposals] = (await Promise.all(
    ['investments', 'curation_history', 'changes', 'proposals'].map((name) =>
      store.collection(name).find({}, { sort: { _id: 1 } }),
    ),
  )) as [Doc[], Doc[], Doc[], Doc[]]
  const problems: string[] = []
  const seqs = changes.map((c) => c.seq as number).sort((a, b) => a - b)
  seqs.forEach((seq, i) => {
    if (seq !== i + 1) problems.push(`changes feed: position ${i + 1} holds seq ${seq} (a gap)`)
  })
  const feedCount = new Map<string, number>()
  for (const c of changes)
    if (c.collection === 'investments') feedCount.set(c.id as string, (feedCount.get(c.id as string) ?? 0) + 1)
  const historyVersions = new Map<string, Set<number>>()
  for (const h of history) {
    if (h.kind !== 'investments') continue
    const set = historyVersions.get(h.recordId as string) ?? new Set<number>()
    set.add(h.version as number)
    historyVersions.set(h.recordId as string, set)
  }
  let versions = 0
  for (const inv of investments) {
    const id = inv._id
    const version = inv.version as number
    versions += version
    if ((feedCount.get(id) ?? 0) !== version)
      problems.push(`${id}: version ${version} but ${feedCount.get(id) ?? 0} changes-feed entries`)
    const first = inv.origin === 'curated' ? 1 : 2
    for (let v = first; v <= version; v++)
      if (!historyVersions.get(id)?.has(v)) problems.push(`${id}: version ${v} has no history entry`)
    for (const v of historyVersions.get(id) ?? [])
      if (v > version) problems.push(`${id}: history entry for version ${v}, but the record is at ${version}`)
  }
  const byId = new Map(investments.map((inv): [string, Doc] => [inv._id, inv]))
  const proposalById = new Map(proposals.map((p): [string, Doc] => [p._id, p]))
  let published = 0
  for (const p of proposals) {
    if (p.status !== 'published') continue
    published++
    const inv = byId.get(p.investmentId as string)
    if (!inv) problems.push(`proposal ${p._id}: published as ${String(p.investmentId)}, which does not exist`)
    else if (inv.originRef !== `proposal:${p._id}`) problems.push(`proposal ${p._id}: ${inv._id} was not made from it`)
  }
  for (const inv of investments) {
    const ref =
      typeof inv.originRef === 'string' && inv.originRef.startsWith('proposal:')
        ? inv.originRef.slice('proposal:'.length)
        : null
    if (ref && proposalById.get(ref)?.status !== 'published')
      problems.push(`${inv._id}: made from proposal ${ref}, which is not published`)
  }
  for (const [id, version] of acks.versions) {
    const stored = byId.get(id)?.version as number | undefined
    if (stored === undefined || stored < version)
      problems.push(`${id}: version ${version} was acknowledged, the store holds ${String(stored)}`)
  }
  for (const [id, investmentId] of acks.proposals) {
    if (!proposalById.has(id)) problems.push(`proposal ${id}: acknowledged, missing`)
    if (investmentId && !byId.has(investmentId))
      problems.push(`proposal ${id}: publication acknowledged, investment ${investmentId} missing`)
  }
  return {
    problems,
    checked: {
      investments: investments.length,
      versions,
      changes: changes.length,
      proposals: proposals.length,
      published,
    },
  }
}
