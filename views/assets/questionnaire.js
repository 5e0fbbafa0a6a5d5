// Questionnaire section pages: progressive enhancement only (every page works without this file).
// - shows and hides follow-up questions as soon as an answer on this page makes them relevant;
// - "None of these" options untick the others, and the others untick it;
// - autosave: changed answers go to PATCH /api/v1/responses/:id with the version read and the
//   CSRF header; the status line says when they were saved. A stale version (409) is merged when
//   nobody changed the same answer (their new answers are shown here); otherwise autosave stops
//   and the person is asked to press "Save and continue", whose page compares their answers and yours.
//   Too many saves too fast (429) pauses autosave for the Retry-After the server gives.
;(function () {
  'use strict'

  var form = document.querySelector('form[data-autosave]')
  if (!form || !window.fetch || !window.JSON) return

  var responseId = form.getAttribute('data-response-id')
  var versionInput = form.querySelector('input[name="_version"]')
  var csrfInput = form.querySelector('input[name="_csrf"]')
  var status = document.getElementById('autosave-status')
  var questions = Array.prototype.slice.call(form.querySelectorAll('[data-question]'))
  var byId = {}
  questions.forEach(function (el) {
    byId[el.getAttribute('data-question')] = el
  })

  function msg(name, params) {
    var text = form.getAttribute('data-msg-' + name) || ''
    Object.keys(params || {}).forEach(function (key) {
      text = text.split('{' + key + '}').join(String(params[key]))
    })
    return text
  }
  function say(text) {
    if (status) status.textContent = text
  }
  function clock() {
    // Brussels time, as everywhere on the site (the message adds the label).
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Brussels',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date())
  }

  // ---- reading and writing answers --------------------------------------------------------------
  var INVALID = {}
  function parseNumber(text) {
    var compact = text
      .replace(/[\s\u00a0\u202f_']/g, '')
      .replace(/^(eur|€)/i, '')
      .replace(/(eur|€|%)$/i, '')
    if (compact === '') return null
    if (/^-?\d+$/.test(compact)) return Number(compact)
    if (/^-?\d{1,3}(,\d{3})+$/.test(compact) || /^-?\d{1,3}(\.\d{3})+$/.test(compact))
      return Number(compact.replace(/[.,]/g, ''))
    if (/^-?\d+[.,]\d+$/.test(compact)) return Number(compact.replace(',', '.'))
    return INVALID
  }
  function valueOf(el) {
    var type = el.getAttribute('data-type')
    var name = el.getAttribute('data-question')
    if (type === 'multiple_choice') {
      var chosen = Array.prototype.slice.call(el.querySelectorAll('input[type="checkbox"]:checked')).map(function (i) {
        return i.value
      })
      return chosen.length ? chosen : null
    }
    if (type === 'single_choice' || type === 'scale' || type === 'yes_no') {
      var checked = el.querySelector('input[type="radio"]:checked')
      if (!checked) return null
      if (type === 'scale') return Number(checked.value)
      if (type === 'yes_no') return checked.value === 'yes'
      return checked.value
    }
    var input = el.querySelector('[name="' + name + '"]')
    if (!input) return null
    var text = input.value.trim()
    if (type === 'number' || type === 'amount') return parseNumber(text)
    return text === '' ? null : text
  }
  function setValue(el, value) {
    var type = el.getAttribute('data-type')
    var name = el.getAttribute('data-question')
    var raw =
      value === null
        ? []
        : Array.isArray(value)
          ? value.map(String)
          : typeof value === 'boolean'
            ? [value ? 'yes' : 'no']
            : [String(value)]
    var inputs = Array.prototype.slice.call(el.querySelectorAll('[name="' + name + '"]'))
    inputs.forEach(function (input) {
      if (input.type === 'radio' || input.type === 'checkbox') input.checked = raw.indexOf(input.value) !== -1
      else input.value = raw[0] || ''
    })
    if (type) refreshConditions()
  }
  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b)
  }

  // ---- progress: counts the questions shown, as the server does (issue #12) ---------------------
  // The server counted the questions shown for the saved answers; here the count follows what is
  // shown and answered on this page now, so a follow-up question that appears adds one to the total.
  var bar = document.querySelector('.q-progress progress')
  var barText = document.getElementById('q-progress-text')
  var barTemplate = bar && bar.parentNode.getAttribute('data-msg-progress')
  function shownCounts() {
    var shown = 0
    var answered = 0
    questions.forEach(function (el) {
      if (el.hidden) return
      shown++
      var value = valueOf(el)
      if (value !== null && value !== INVALID) answered++
    })
    return { shown: shown, answered: answered }
  }
  var atLoad = shownCounts()
  function refreshProgress() {
    if (!bar || !barText || !barTemplate) return
    var now = shownCounts()
    var total = Number(bar.getAttribute('data-total')) - atLoad.shown + now.shown
    var answered = Number(bar.getAttribute('data-answered')) - atLoad.answered + now.answered
    bar.max = Math.max(total, 1)
    bar.value = answered
    barText.textContent = barTemplate.split('{answered}').join(String(answered)).split('{total}').join(String(total))
  }

  // ---- follow-up questions ----------------------------------------------------------------------
  function holds(condition, answer) {
    if (answer === null || answer === INVALID) return false
    if (condition.includesAny)
      return (
        Array.isArray(answer) &&
        answer.some(function (v) {
          return condition.includesAny.indexOf(v) !== -1
        })
      )
    if (condition.anyOf) return condition.anyOf.indexOf(answer) !== -1
    return answer === condition.equals
  }
  function refreshConditions() {
    var visible = {}
    questions.forEach(function (el) {
      var id = el.getAttribute('data-question')
      var raw = el.getAttribute('data-show-if')
      if (!raw) {
        visible[id] = !el.hidden
        return
      }
      var condition = JSON.parse(raw)
      var controller = byId[condition.question]
      // A condition on an earlier section was decided by the server.
      if (!controller) {
        visible[id] = !el.hidden
        return
      }
      var show = visible[condition.question] !== false && holds(condition, valueOf(controller))
      el.hidden = !show
      visible[id] = show
    })
    refreshProgress()
  }

  // ---- exclusive options ("None of these") ------------------------------------------------------
  form.addEventListener('change', function (event) {
    var target = event.target
    if (!target || target.type !== 'checkbox' || !target.checked) return
    var group = target.closest('[data-question]')
    if (!group) return
    var boxes = Array.prototype.slice.call(group.querySelectorAll('input[type="checkbox"]'))
    boxes.forEach(function (box) {
      if (box === target) return
      if (target.hasAttribute('data-exclusive') || box.hasAttribute('data-exclusive')) box.checked = false
    })
  })

  // ---- autosave ---------------------------------------------------------------------------------
  var snapshot = {}
  questions.forEach(function (el) {
    snapshot[el.getAttribute('data-question')] = valueOf(el)
  })
  var timer = null
  var inFlight = false
  var again = false
  var stopped = false
  var afterSave = null
  var mergedNames = null

  function pending() {
    var answers = {}
    var count = 0
    questions.forEach(function (el) {
      var id = el.getAttribute('data-question')
      if (el.hidden) return
      var value = valueOf(el)
      if (value === INVALID || same(value, snapshot[id])) return
      answers[id] = value
      count++
    })
    return count ? answers : null
  }

  function schedule(delay) {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(save, delay)
  }

  function finish() {
    inFlight = false
    if (afterSave) {
      var next = afterSave
      afterSave = null
      next()
      return
    }
    if (again) {
      again = false
      schedule(0)
    }
  }

  function save(retry) {
    if (stopped) return
    if (inFlight) {
      again = true
      return
    }
    var answers = pending()
    if (!answers) return
    inFlight = true
    say(msg('saving'))
    fetch('/api/v1/responses/' + encodeURIComponent(responseId), {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfInput ? csrfInput.value : '' },
      body: JSON.stringify({ answers: answers, version: Number(versionInput.value) }),
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {}
          })
          .then(function (body) {
            return { status: res.status, body: body, retryAfter: res.headers.get('Retry-After') }
          })
      })
      .then(function (result) {
        if (result.status === 200) {
          versionInput.value = String(result.body.version)
          Object.keys(answers).forEach(function (id) {
            snapshot[id] = answers[id]
          })
          say(msg('saved', { time: clock() }) + (mergedNames ? ' ' + msg('merged', { names: mergedNames }) : ''))
          mergedNames = null
          return finish()
        }
        var error = (result.body && result.body.error) || {}
        if (result.status === 409 && error.code === 'conflict') return merge(error, answers, retry)
        if (result.status === 409 && error.code === 'response_locked') {
          stopped = true
          say(msg('locked'))
          return finish()
        }
        if (result.status === 400 && error.fields) {
          // Keep the answers that are fine; the page shows the others' problems on "Save and continue".
          var bad = Object.keys(error.fields).map(function (path) {
            return path.replace(/^answers\./, '')
          })
          bad.forEach(function (id) {
            snapshot[id] = answers[id]
          })
          var counts = JSON.parse(form.getAttribute('data-msg-invalid-counts') || '[]')
          say(counts[Math.min(bad.length, counts.length) - 1] || '')
          again = true
          return finish()
        }
        if (result.status === 401 || result.status === 403) {
          stopped = true
          say(msg('signedOut'))
          return finish()
        }
        if (result.status === 429) {
          // The write quota (ADR 033): wait as the server says, then save what is still pending.
          var wait = Number(result.retryAfter) || 60
          say(msg('paused'))
          if (afterSave) return finish()
          inFlight = false
          schedule(Math.min(wait, 600) * 1000)
          return
        }
        say(msg('failed'))
        finish()
      })
      .catch(function () {
        say(msg('failed'))
        finish()
      })
  }

  /** 409: take their new answers where this page has nothing newer; stop on a real disagreement. */
  function merge(error, answers, retry) {
    var names = []
    var disagree = false
    ;(error.changes || []).forEach(function (change) {
      var el = byId[change.questionId]
      if (change.by && names.indexOf(change.by) === -1) names.push(change.by)
      if (!el) return
      var mine = Object.prototype.hasOwnProperty.call(answers, change.questionId)
      if (mine) {
        if (change.conflict) disagree = true
        return
      }
      var now = valueOf(el)
      if (same(now, snapshot[change.questionId])) {
        setValue(el, change.theirs)
        snapshot[change.questionId] = change.theirs
      } else {
        disagree = true
      }
    })
    if (disagree || retry) {
      stopped = true
      say(msg('conflict'))
      return finish()
    }
    versionInput.value = String(error.currentVersion)
    mergedNames = names.join(', ')
    inFlight = false
    save(true)
  }

  form.addEventListener('change', function () {
    refreshConditions()
    schedule(400)
  })
  form.addEventListener('input', function (event) {
    refreshProgress()
    var target = event.target
    if (target && (target.tagName === 'TEXTAREA' || target.type === 'text')) schedule(2500)
  })
  form.addEventListener('submit', function (event) {
    clearTimeout(timer)
    var shown = questions
      .filter(function (el) {
        return !el.hidden
      })
      .map(function (el) {
        return el.getAttribute('data-question')
      })
    var field = form.querySelector('input[name="_shown"]')
    if (!field) {
      field = document.createElement('input')
      field.type = 'hidden'
      field.name = '_shown'
      form.appendChild(field)
    }
    field.value = shown.join(',')
    // Let a save in progress finish first, so the form carries the version it produced.
    if (inFlight) {
      event.preventDefault()
      var submitter = event.submitter
      afterSave = function () {
        stopped = true
        if (form.requestSubmit) form.requestSubmit(submitter)
        else form.submit()
      }
    } else {
      stopped = true
    }
  })

  refreshConditions()
})()
