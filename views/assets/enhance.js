// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.querySelector('[data-focus-on-load]')
  if (summary) summary.focus()
})
