import { formatDate } from '../i18n/format.js'
import { label, t, tDynamic } from '../i18n/i18n.js'
import { formatMoney, formatNumber } from '../http/view-helpers.js'
import type { SizeTotal } from './review-figures.js'
import type { Count, DemandSupplyCell, QuestionnaireBreakdown, ReviewListItem, ThemeFigure } from './review-service.js'
import { countryLabel } from './review-service.js'
import type { GapRow } from './review-gap.js'
import { gapInstrumentLabel } from './review-export.js'

const BAR_HEIGHT = 22
const GAP = 8
const LABEL_WIDTH = 260
const BAR_AREA = 300
const MAX_BARS = 15

const pct = (count: number, of: number) => (of > 0 ? `${Math.round((count / of) * 100)}%` : '0%')

/**
 * An accessible horizontal bar chart drawn on the server: an SVG with role="img", <title> and
 * <desc> (every value in words), each bar labelled with its value in text (no colour-only
 * meaning), a data table with the same figures and a one-sentence summary.
 */
export function barChart(id: string, title: string, counts: Count[], of: number, basedOn: string) {
  const shown = counts.filter((c) => c.count > 0).slice(0, MAX_BARS)
  const max = Math.max(1, ...shown.map((c) => c.count))
  const height = Math.max(1, shown.length) * (BAR_HEIGHT + GAP)
  const top = shown[0]
  return {
    id,
    title,
    basedOn,
    width: LABEL_WIDTH + BAR_AREA + 60,
    height,
    desc:
      shown.length > 0
        ? t('review.charts.desc', {
            items: shown.map((c) => t('review.charts.item', { label: c.label, count: c.count })).join('; '),
          })
        : t('review.charts.summaryEmpty'),
    summary: top
      ? t('review.charts.summaryTop', { top: top.label, count: top.count, of, share: pct(top.count, of) })
      : t('review.charts.summaryEmpty'),
    bars: shown.map((c, i) => {
      const y = i * (BAR_HEIGHT + GAP)
      const width = Math.max(2, Math.round((c.count / max) * BAR_AREA))
      return {
        label: c.label,
        count: c.count,
        y,
        textY: y + BAR_HEIGHT / 2 + 5,
        x: LABEL_WIDTH,
        width,
        valueX: LABEL_WIDTH + width + 6,
        labelX: LABEL_WIDTH - 8,
        height: BAR_HEIGHT,
      }
    }),
    rows: counts.map((c) => ({ label: c.label, count: c.count, share: pct(c.count, of) })),
    more:
      counts.length > shown.length && shown.length === MAX_BARS
        ? t('review.charts.more', { count: counts.length - MAX_BARS })
        : null,
    caption: t('review.charts.tableCaption', { title }),
  }
}

export function themeChart(id: string, key: string, figure: ThemeFigure) {
  return barChart(
    id,
    tDynamic(`review.charts.${key}`),
    figure.counts,
    figure.answered,
    t('review.basedOn', { answered: figure.answered, of: figure.of }),
  )
}

export function demandSupplyRows(cells: DemandSupplyCell[], link: (policyField: string, country: string) => string) {
  return cells.map((cell) => {
    const demandParts = [
      cell.demand.cities > 0 ? t('review.demandSupply.cities', { count: cell.demand.cities }) : null,
      cell.demand.memberStates > 0 ? t('review.demandSupply.memberStates', { count: cell.demand.memberStates }) : null,
      cell.demand.serviceProviders > 0
        ? t('review.demandSupply.serviceProviders', { count: cell.demand.serviceProviders })
        : null,
    ].filter(Boolean)
    return {
      policyField: label('policyField', cell.policyField),
      country: countryLabel(cell.country),
      demand: demandParts.length > 0 ? demandParts.join(', ') : t('review.demandSupply.noDemand'),
      demandOrganisations: cell.demand.organisations.join(', '),
      demandSize:
        cell.demand.sizeAnswered > 0
          ? t('review.demandSupply.size', {
              amount: formatMoney(cell.demand.sizeSumEur, 'EUR'),
              answered: cell.demand.sizeAnswered,
            })
          : null,
      otherSizes: Object.entries(cell.demand.sizeByKind)
        .filter(([kind]) => kind !== 'city_project_cost')
        .map(([kind, total]) =>
          t('review.figures.kindInCell', {
            kind: tDynamic(`review.figures.kinds.${kind}`),
            amount: formatMoney(total.sumEur, 'EUR'),
            answered: total.answered,
          }),
        ),
      wanted:
        cell.demand.instruments.length > 0
          ? t('review.demandSupply.wanted', {
              list: cell.demand.instruments.map((i) => `${i.label} (${i.count})`).join(', '),
            })
          : null,
      supply: t('review.demandSupply.intermediaries', { count: cell.supply.intermediaries }),
      supplyOrganisations: cell.supply.organisations.join(', '),
      tickets:
        cell.supply.ticketMinEur !== null && cell.supply.ticketMaxEur !== null
          ? [
              t('review.demandSupply.tickets', {
                min: formatMoney(cell.supply.ticketMinEur, 'EUR'),
                max: formatMoney(cell.supply.ticketMaxEur, 'EUR'),
              }),
              ...(cell.supply.ticketTypicalMedianEur !== null
                ? [
                    t('review.figures.typicalTicket', {
                      amount: formatMoney(cell.supply.ticketTypicalMedianEur, 'EUR'),
                    }),
                  ]
                : []),
            ].join(', ')
          : null,
      committable:
        cell.supply.committableAnswered > 0
          ? t('review.figures.committable', {
              amount: formatMoney(cell.supply.committableEur, 'EUR'),
              answered: cell.supply.committableAnswered,
            })
          : null,
      multiCountry:
        cell.supply.multiCountry > 0 ? t('review.figures.multiCountry', { count: cell.supply.multiCountry }) : null,
      offered:
        cell.supply.instruments.length > 0
          ? t('review.demandSupply.offered', {
              list: cell.supply.instruments.map((i) => `${i.label} (${i.count})`).join(', '),
            })
          : null,
      gap: cell.gap,
      gapText: cell.gap
        ? t('review.demandSupply.gap')
        : cell.demand.cities + cell.demand.memberStates > 0
          ? t('review.demandSupply.noGap')
          : '–',
      euros: t(`review.gapEur.${cell.euros.coverage}`, {
        wanted: formatMoney(cell.euros.wantedEur, 'EUR'),
        wantedAnswered: cell.euros.wantedAnswered,
        committable: formatMoney(cell.euros.committableEur, 'EUR'),
        committableAnswered: cell.euros.committableAnswered,
        intermediaries: cell.supply.intermediaries,
        difference: formatMoney(cell.euros.differenceEur, 'EUR'),
      }),
      link: link(cell.policyField, cell.country),
    }
  })
}

/** The euro figures by kind: all countries first, then each country. */
export function sizeRows(sizes: SizeTotal[]) {
  return sizes.map((row) => ({
    kind: tDynamic(`review.figures.kinds.${row.kind}`),
    country: row.country === null ? t('review.figures.allCountries') : countryLabel(row.country),
    all: row.country === null,
    responses: formatNumber(row.responses),
    total: formatMoney(row.sumEur, 'EUR'),
    min: formatMoney(row.minEur, 'EUR'),
    median: formatMoney(row.medianEur, 'EUR'),
    max: formatMoney(row.maxEur, 'EUR'),
  }))
}

export function listRow(item: ReviewListItem) {
  return {
    url: `/review/responses/${encodeURIComponent(item.id)}`,
    organisation: item.organisation,
    type: label('respondentType', item.respondentType),
    country: countryLabel(item.country),
    status: t(`review.status.${item.status}`),
    statusCode: item.status,
    fields: item.policyFields.map((f) => label('policyField', f)).join(', '),
    instruments: item.instruments.map((i) => label('instrument', i)).join(', '),
    size: item.sizeEur !== null ? formatNumber(item.sizeEur) : '',
    since: formatDate(item.statusChangedAt),
  }
}

export function questionnaireView(q: QuestionnaireBreakdown) {
  return {
    heading: t('review.questions.version', { title: q.title, version: q.version, count: q.responses }),
    questions: q.questions.map((question) => ({
      id: `${q.respondentType}-${q.version}-${question.id}`,
      label: question.label,
      answered: t('review.questions.answered', { answered: question.answered, of: question.of }),
      options: question.options?.map((o) => ({ ...o, share: pct(o.count, question.answered) })),
      numbers: question.numbers
        ? t('review.questions.numbers', {
            n: formatNumber(question.numbers.n),
            min: formatNumber(question.numbers.min),
            median: formatNumber(question.numbers.median),
            mean: formatNumber(Math.round(question.numbers.mean * 100) / 100),
            max: formatNumber(question.numbers.max),
          })
        : question.type === 'number' || question.type === 'amount'
          ? t('review.questions.noNumbers')
          : null,
      texts: question.texts ? question.texts.slice(0, 50) : null,
      isText: question.type === 'short_text' || question.type === 'long_text',
      textsHeading: question.texts ? t('review.questions.texts', { count: question.texts.length }) : null,
    })),
  }
}

/** The gap table by instrument (docs/adr/066): euros right-aligned, coverage in words. */
export function gapInstrumentRows(rows: GapRow[]) {
  const money = (eur: number, answered: number) => (answered > 0 ? formatMoney(eur, 'EUR') : '–')
  return rows.map((row) => ({
    policyField: label('policyField', row.policyField),
    country: countryLabel(row.country),
    instrument: gapInstrumentLabel(row.instrument),
    demand:
      row.demandResponses > 0
        ? t('review.gapInstrument.who', { count: row.demandResponses, names: row.demandOrganisations.join(', ') })
        : t('review.demandSupply.noDemand'),
    cityCost: money(row.wantedByKind.city_project_cost?.sumEur ?? 0, row.wantedByKind.city_project_cost?.answered ?? 0),
    providerNeed: money(
      row.wantedByKind.service_provider_need?.sumEur ?? 0,
      row.wantedByKind.service_provider_need?.answered ?? 0,
    ),
    wanted: money(row.wantedEur, row.wantedAnswered),
    committable: money(row.committableEur, row.committableAnswered),
    difference: formatMoney(row.differenceEur, 'EUR'),
    coverage: t(`review.gapInstrument.coverage.${row.coverage}`, {
      intermediaries: row.intermediaries,
      answered: row.committableAnswered,
      names: row.supplyOrganisations.join(', '),
    }),
    noIntermediary: row.coverage === 'no_intermediary',
  }))
}
