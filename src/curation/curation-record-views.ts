import type { Response } from 'express'
import { displayName } from '../accounts/account.js'
import { formatDateTime } from '../accounts/account-presenters.js'
import { formatDate } from '../i18n/format.js'
import { label, t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { qualityView } from '../investments/investment-presenters.js'
import { displayValue, fieldLabel, fieldsOf } from './curation-forms.js'
import { curationUrl, errorListOf, formView, publicUrl, recordTitle, simpleField } from './curation-presenters.js'
import { type FormState, freeSlugs, inCurationNav, keyName, titled } from './curation-page-forms.js'
import type { CurationKind } from './curation-schemas.js'
import type { CuratedRecord, CurationService, StaleRecordError } from './curation-service.js'

export type RecordFormState = FormState & { conflict?: StaleRecordError; version?: number; notice?: string | undefined }

/** The create or edit form of a record, with its header, a conflict (409) and the retire or reinstate form. */
export async function renderRecordForm(
  res: Response,
  curation: CurationService,
  kind: CurationKind,
  current: CuratedRecord | null,
  state: RecordFormState,
  status = 200,
) {
  inCurationNav(res)
  const heading = current
    ? t('curation.edit.title', { kind: t(`curation.kinds.${kind}.one`), title: recordTitle(current) })
    : t(`curation.kinds.${kind}.new`)
  const order = [keyName(kind), ...fieldsOf(kind).map((f) => (f.type === 'money' ? 'amountValue' : f.name))]
  const errorList = [
    ...errorListOf(state.errors, order),
    ...(state.reasonError ? [{ text: state.reasonError, href: '#reason' }] : []),
  ]
  const free = current ? null : await freeSlugs(curation, kind)
  const conflict = state.conflict
  sendPage(
    res,
    'pages/curation/edit',
    {
      ...titled(heading, errorList.length > 0 || conflict !== undefined),
      errorList,
      notice: state.notice,
      kind,
      kindUrl: `/curation/${kind}`,
      kindName: t(`curation.kinds.${kind}.many`),
      action: current ? curationUrl(kind, current.id) : `/curation/${kind}/new`,
      version: conflict ? conflict.current.version : (state.version ?? current?.version ?? null),
      record: current ? recordHeader(current) : null,
      conflict: conflict ? conflictView(conflict) : null,
      idField: current ? null : idField(kind, state),
      slugSelect: !current && free ? slugSelect(kind, free, state) : null,
      sections: formView(kind, state.raw, state.errors),
      verified: {
        checked: state.verifiedToday === true,
        current: current?.lastVerified ? formatDate(current.lastVerified) : null,
      },
      submitLabel: current ? t('curation.edit.save') : t('curation.edit.create'),
      reason: current ? reasonField(current, state) : null,
    },
    status,
  )
}

/** The typed key of a new record (instruments and funds choose theirs from the codelist instead). */
function idField(kind: CurationKind, state: RecordFormState) {
  if (kind !== 'investments' && kind !== 'glossary' && kind !== 'guidance') return null
  return simpleField({
    name: keyName(kind),
    label: t(keyName(kind) === 'id' ? 'curation.fields.common.id' : 'curation.fields.common.slug'),
    hint: t(
      kind === 'investments'
        ? 'curation.hints.common.idNew'
        : kind === 'guidance'
          ? 'curation.hints.guidance.id'
          : 'curation.hints.common.slug',
    ),
    value: state.newId ?? '',
    error: state.errors.get(keyName(kind)),
    width: 'medium',
  })
}

function slugSelect(kind: CurationKind, free: string[], state: RecordFormState) {
  return {
    id: 'slug',
    label: t('curation.fields.common.slug'),
    error: state.errors.get('slug'),
    options: free.map((slug) => ({
      value: slug,
      label: label(kind === 'funds' ? 'fund' : 'instrument', slug),
      selected: slug === state.newId,
    })),
  }
}

function reasonField(current: CuratedRecord, state: RecordFormState) {
  return simpleField({
    name: 'reason',
    label: current.retired ? t('curation.edit.reinstateReason') : t('curation.edit.retireReason'),
    hint: current.retired ? undefined : t('curation.edit.retireHint'),
    value: state.reason ?? '',
    error: state.reasonError,
    textarea: true,
  })
}

function recordHeader(record: CuratedRecord) {
  return {
    id: record.id,
    version: t('curation.edit.version', { version: record.version }),
    retired: record.retired,
    status: record.retired ? t('curation.status.retired') : t('curation.status.live'),
    publicUrl: record.retired ? null : publicUrl(record.kind, record.id),
    historyUrl: `${curationUrl(record.kind, record.id)}/history`,
    updated: record.updatedAt
      ? t('curation.edit.updated', { when: formatDateTime(record.updatedAt) })
      : t('curation.fromSeed'),
    quality: record.investment ? qualityView(record.investment) : null,
    verified: record.lastVerified
      ? t('curation.quality.verifiedOn', { date: formatDate(record.lastVerified) })
      : t('curation.quality.neverVerified'),
    retireAction: `${curationUrl(record.kind, record.id)}/${record.retired ? 'reinstate' : 'retire'}`,
  }
}

/** What others changed since the version the curator opened: field, their value, who, when. */
function conflictView(error: StaleRecordError) {
  const kind = error.current.kind
  const latest = new Map<string, { label: string; value: string; by: string; when: string }>()
  for (const entry of error.since)
    for (const change of entry.changes)
      latest.set(change.field, {
        label: fieldLabel(kind, change.field),
        value: displayValue(kind, change.field, change.after),
        by: displayName(entry.by.name),
        when: formatDateTime(entry.at),
      })
  return {
    text: t('curation.conflict.text', { yours: error.yourVersion, current: error.current.version }),
    changes: [...latest.values()],
    unknown: latest.size === 0,
  }
}
