import type { DocumentStore } from '../storage/document-store.js'

export interface Contact {
  name: string
  email: string
}

/** The members of organisations, for a reviewer's export with contact details (asked for with a reason, audited). */
export class ContactDirectory {
  constructor(private readonly store: DocumentStore) {}

  async forOrganisations(ids: string[]): Promise<Map<string, Contact[]>> {
    const unique = [...new Set(ids)]
    const byOrganisation = new Map<string, Contact[]>(unique.map((id) => [id, []]))
    if (unique.length === 0) return byOrganisation
    const users = await this.store
      .collection('users')
      .find(
        { organisationId: { $in: unique } },
        { sort: { name: 1, _id: 1 }, projection: { name: 1, email: 1, organisationId: 1 } },
      )
    for (const user of users)
      byOrganisation
        .get(user.organisationId as string)
        ?.push({ name: user.name as string, email: user.email as string })
    return byOrganisation
  }
}
