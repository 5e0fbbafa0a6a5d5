import { Router, type Request, type Response } from 'express'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import { t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { parseQuery } from '../http/validate.js'
import { z } from 'zod'
import {
  MATCH_STEPS,
  MatchQuery,
  answersQuery,
  answersToRaw,
  checkAnswers,
  profileFromAnswers,
  readRawAnswers,
  resultUrl,
  stepUrl,
  type AnswerErrors,
  type RawAnswers,
} from './match-form.js'
import { allFieldsView, errorListFor, matchResultView, stepView, type TermLink } from './match-presenters.js'
import type { MatchService } from './match-service.js'
import { rulesPageView } from './rules-page.js'
import { profileFromQueryString, whatChangedView } from './what-changed.js'
import { matcherRules } from './rules/matcher-rules.js'

/**
 * The `/match` wizard and its result page. All state is in the query string (ADR 006): every form
 * is a GET form, so pages work without JavaScript, sessions or CSRF tokens, and a result is a link.
 *
 * - `GET /match?step=N&…answers` shows step N with the answers so far (hidden fields carry the rest).
 * - `GET /match/next?from=N&…answers` checks steps 1..N: on a problem it shows the first step with
 *   one (400, error summary); otherwise it redirects to step N+1, or to the result after the last step.
 * - `GET /match/result?…answers` shows the ranked result with a what-if form; incomplete or invalid
 *   answers show every question on one page with the problems (400).
 * - `GET /match/rules` is "How the matcher decides": every rule of the data files, in words.
 */
const NoQuery = z.strictObject({})

export function matchPages(match: MatchService, catalogue: CatalogueService): Router {
  const router = Router()
  const termLink: TermLink = (slug) => {
    const term = catalogue.term(slug)
    return term ? { url: `/glossary#${slug}`, term: term.term } : null
  }

  const renderStep = (res: Response, step: number, raw: RawAnswers, errors: AnswerErrors, status = 200) => {
    res.locals.navSection = 'match'
    sendPage(res, 'pages/match/step', stepView(step, raw, errors, termLink), status)
  }

  router.get('/', (req, res) => {
    const query = parseQuery(MatchQuery, req.query)
    renderStep(res, query.step ?? 1, readRawAnswers(query), {})
  })

  router.get('/rules', (req, res) => {
    parseQuery(NoQuery, req.query)
    res.locals.navSection = 'match'
    sendPage(res, 'pages/match/rules', rulesPageView(matcherRules()))
  })

  router.get('/next', (req, res) => {
    const query = parseQuery(MatchQuery, req.query)
    const from = query.from ?? 1
    const raw = readRawAnswers(query)
    for (let step = 1; step <= from; step++) {
      const { errors } = checkAnswers(raw, MATCH_STEPS[step - 1]!.fields)
      if (Object.keys(errors).length > 0) {
        renderStep(res, step, raw, errors, 400)
        return
      }
    }
    const done = MATCH_STEPS.slice(0, from).flatMap((step) => step.fields)
    const { answers } = checkAnswers(raw, done)
    const canonical: RawAnswers = { ...raw, ...answersToRaw(answers) }
    res.redirect(303, from >= MATCH_STEPS.length ? resultUrl(canonical) : stepUrl(from + 1, canonical))
  })

  router.get('/result', (req, res) => {
    res.locals.navSection = 'match'
    const query = parseQuery(MatchQuery, req.query)
    const raw = readRawAnswers(query)
    const parsed = profileFromAnswers(raw)
    if (parsed.errors) {
      sendPage(
        res,
        'pages/match/check',
        {
          title: `${t('match.errorPrefix')} ${t('match.result.checkTitle')}`,
          heading: t('match.result.checkTitle'),
          errorList: errorListFor(parsed.errors),
          sections: allFieldsView(raw, parsed.errors, termLink),
        },
        400,
      )
      return
    }
    const profile = parsed.profile
    const canonical = answersToRaw(profile)
    const shareUrl = resultUrl(canonical)
    const result = match.match(profile)
    const beforeProfile = profileFromQueryString(query.before)
    sendPage(res, 'pages/match/result', {
      title: t('match.result.title'),
      ...matchResultView(result, catalogue.guidance()),
      shareUrl,
      shareAbsoluteUrl: absoluteUrl(req, shareUrl),
      whatIf: allFieldsView(canonical, {}, termLink),
      whatIfBefore: answersQuery(canonical).slice(1),
      changed: beforeProfile
        ? whatChangedView({ profile: beforeProfile, result: match.match(beforeProfile) }, result)
        : null,
    })
  })

  return router
}

function absoluteUrl(req: Request, path: string): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${path}`
}
