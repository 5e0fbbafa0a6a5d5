import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IndigoProject } from '../../src/indigo/indigo-project-json.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('GET /api/v1/investments/:id/indigo', () => {
  it('gives an impact bond as an INDIGO project with its INDIGO id, values wrapped as {value, status}', async () => {
    const res = await request(t.app).get('/api/v1/investments/c01-koto-sib/indigo')
    expect(res.status).toBe(200)
    const project = IndigoProject.parse(res.body)
    expect(project).toMatchObject({
      id: 'INDIGO-POJ-0024',
      standard_version: '4.1.0',
      origin_url: '/investments/c01-koto-sib',
      data: {
        status: 'PUBLIC',
        name: { value: 'Koto-SIB (Kotouttamisen SIB / Integration SIB)', status: 'PUBLIC' },
        stage_development: { value: 'Complete', status: 'PUBLIC' },
        dates: {
          start_date_of_service_provision: { value: '2017', status: 'PUBLIC' },
          actual_end_date_of_service_provision: { value: '2022', status: 'PUBLIC' },
        },
        overall_project_finance: {
          total_investment_commitment: {
            currency: { value: 'EUR', status: 'PUBLIC' },
            amount: { exact: { value: 14300000, status: 'PUBLIC' } },
          },
        },
        purpose_and_classifications: {
          policy_sector: { value: 'Employment and training', status: 'PUBLIC' },
          notes: 'Policy fields in FI for Inclusion: employment, education.',
        },
        delivery_locations: [{ location_country: { value: 'FI', status: 'PUBLIC' } }],
      },
    })
    expect(project.data.sources.length).toBe(6)
    expect(project.data.sources[0]).toMatchObject({
      id: 'source1',
      url: {
        value: 'https://golab.bsg.ox.ac.uk/knowledge-bank/case-studies/kotouttamisen-koto-social-impact-bond/',
        status: 'PUBLIC',
      },
    })
  })

  it('answers 404 not_an_impact_bond for a loan, and 404 for an unknown id', async () => {
    const loan = await request(t.app).get('/api/v1/investments/c21-eib-nrw-bank-refugee-housing/indigo')
    expect(loan.status).toBe(404)
    expect(loan.body.error.code).toBe('not_an_impact_bond')
    const missing = await request(t.app).get('/api/v1/investments/no-such-case/indigo')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('not_found')
    expect((await request(t.app).get('/api/v1/investments/BAD$/indigo')).status).toBe(400)
  })
})
