import type { Response } from 'express'
import { formatDateTime } from '../accounts/account-presenters.js'
import { t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { displayValue, fieldLabel, fieldsOf, recordToRaw } from './curation-forms.js'
import { curationUrl, errorListOf, formView, simpleField } from './curation-presenters.js'
import { type FormState, inCurationNav, titled } from './curation-page-forms.js'
import type { Proposal } from './proposals.js'

export type ModerationState = FormState & {
  rejectReason?: string
  rejectError?: string | undefined
  notice?: string | undefined
}

/** The moderation page of a proposal: publish it (edited) as a case, or reject it with a reason. */
export function renderModeration(res: Response, proposal: Proposal, state: ModerationState, status = 200) {
  inCurationNav(res)
  const errorList = [
    ...errorListOf(state.errors, [
      'id',
      ...fieldsOf('investments').map((f) => (f.type === 'money' ? 'amountValue' : f.name)),
    ]),
    ...(state.rejectError ? [{ text: state.rejectError, href: '#reason' }] : []),
  ]
  sendPage(
    res,
    'pages/curation/moderate',
    {
      ...titled(t('curation.proposals.reviewTitle', { title: proposal.content.title }), errorList.length > 0),
      errorList,
      notice: state.notice,
      status: proposalStatusView(proposal),
      proposedBy: t('curation.proposals.proposedBy', {
        name: proposal.proposedBy.name,
        when: formatDateTime(proposal.createdAt),
      }),
      comment: proposal.content.comment,
      pending: proposal.status === 'pending',
      version: proposal.version,
      publishAction: `/curation/proposals/${proposal.id}/publish`,
      rejectAction: `/curation/proposals/${proposal.id}/reject`,
      ...moderationFields(state),
      investmentUrl: proposal.investmentId ? curationUrl('investments', proposal.investmentId) : null,
    },
    status,
  )
}

/** The moderation form's inputs: the new case's id, the record, "verified today", the rejection reason. */
function moderationFields(state: ModerationState) {
  return {
    idField: simpleField({
      name: 'id',
      label: t('curation.fields.common.id'),
      hint: t('curation.hints.common.idNew'),
      value: state.newId ?? '',
      error: state.errors.get('id'),
      width: 'medium',
    }),
    sections: formView('investments', state.raw, state.errors),
    verified: { checked: state.verifiedToday === true },
    reason: simpleField({
      name: 'reason',
      label: t('curation.proposals.rejectReason'),
      hint: t('curation.proposals.rejectHint'),
      value: state.rejectReason ?? '',
      error: state.rejectError,
      textarea: true,
    }),
  }
}

export function proposeView(state: FormState) {
  const order = fieldsOf('proposals').map((f) => (f.type === 'money' ? 'amountValue' : f.name))
  const errorList = errorListOf(state.errors, order)
  return {
    ...titled(t('curation.proposals.newTitle'), errorList.length > 0),
    errorList,
    sections: formView('proposals', state.raw, state.errors),
  }
}

export function proposalStatusView(proposal: Proposal) {
  return {
    value: proposal.status,
    label: t(`curation.proposalStatus.${proposal.status}`),
    text:
      proposal.status === 'pending'
        ? t('curation.proposals.pendingText')
        : proposal.status === 'published'
          ? t('curation.proposals.publishedText', {
              name: proposal.decidedBy?.name ?? '',
              when: formatDateTime(proposal.decidedAt),
            })
          : t('curation.proposals.rejectedText', {
              name: proposal.decidedBy?.name ?? '',
              when: formatDateTime(proposal.decidedAt),
            }),
    reason: proposal.status === 'rejected' ? proposal.reason : null,
    investmentUrl: proposal.investmentId ? `/investments/${proposal.investmentId}` : null,
  }
}

export function proposalFieldsView(proposal: Proposal) {
  const content = proposal.content as unknown as Record<string, unknown>
  return fieldsOf('proposals')
    .map((field) => ({
      label: fieldLabel('proposals', field.name),
      value: displayValue('investments', field.name, content[field.name]),
    }))
    .filter((row) => row.value !== t('curation.empty'))
}

/** The moderation form starts from the proposal; a moderated import also brings its curator fields (confidence, INDIGO id, notes). */
export function moderationRaw(proposal: Proposal) {
  const { comment: _comment, ...content } = proposal.content
  const {
    source: _source,
    ref: _ref,
    ...curatorFields
  } = proposal.imported ?? { source: null, ref: null, confidence: '' }
  return recordToRaw('investments', { ...content, ...curatorFields })
}
