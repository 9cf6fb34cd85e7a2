/**
 * The console's one script, served at /console/assets/console.js (CSP: script-src 'self', no
 * inline code). Progressive enhancement only: every page works without it. It adds the live
 * Art. 33 countdown and the streamed exposure upload with a progress bar and drag and drop.
 */
export const CONSOLE_JS = `'use strict'
;(function () {
  function countdown() {
    var now = Date.now()
    document.querySelectorAll('[data-deadline]').forEach(function (el) {
      var hours = Math.round((Number(el.getAttribute('data-deadline')) - now) / 3600000)
      var over = hours < 0
      el.textContent = (over ? el.getAttribute('data-over') : el.getAttribute('data-left')).replace('{h}', String(Math.abs(hours)))
      el.classList.toggle('overdue', over)
    })
  }
  function upload(form) {
    var input = form.querySelector('input[type=file]')
    var bar = form.querySelector('progress')
    var out = document.getElementById('upload-result')
    var zone = form.querySelector('.dropzone')
    if (zone) {
      zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over') })
      zone.addEventListener('dragleave', function () { zone.classList.remove('over') })
      zone.addEventListener('drop', function (e) {
        e.preventDefault(); zone.classList.remove('over')
        if (e.dataTransfer && e.dataTransfer.files.length) input.files = e.dataTransfer.files
      })
    }
    form.addEventListener('submit', function (e) {
      var file = input.files && input.files[0]
      if (!file) return
      e.preventDefault()
      var xhr = new XMLHttpRequest()
      xhr.open('POST', form.action)
      xhr.setRequestHeader('content-type', /\\.csv$/i.test(file.name) ? 'text/csv' : 'application/x-ndjson')
      xhr.setRequestHeader('x-csrf-token', form.querySelector('input[name=_csrf]').value)
      xhr.setRequestHeader('accept', 'text/html')
      bar.hidden = false; bar.value = 0
      xhr.upload.onprogress = function (p) { if (p.lengthComputable) bar.value = p.loaded / p.total }
      xhr.onload = function () { bar.value = 1; out.innerHTML = xhr.responseText; out.focus() }
      xhr.onerror = function () { out.textContent = 'Upload failed.' }
      xhr.send(file)
    })
  }
  function preview() {
    var input = document.getElementById('preview-password')
    var out = document.getElementById('preview-result')
    var form = document.getElementById('policy')
    var timer = 0
    function run() {
      if (!input.value) { out.textContent = ''; return }
      var body = { password: input.value }
      ;['minPasswordLength', 'minStrengthScore', 'breachCountThreshold'].forEach(function (name) {
        body[name] = form.elements[name].value
      })
      fetch('/console/policy/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': form.elements._csrf.value },
        body: JSON.stringify(body),
      }).then(function (res) { return res.json() }).then(function (result) {
        out.textContent = result.acceptable
          ? input.getAttribute('data-ok')
          : input.getAttribute('data-refused') + ' ' + result.violations.map(function (v) { return v.message }).join(' ')
      })
    }
    function later() { clearTimeout(timer); timer = setTimeout(run, 250) }
    input.addEventListener('input', later)
    form.addEventListener('input', later)
  }
  document.addEventListener('DOMContentLoaded', function () {
    if (document.getElementById('preview-password')) preview()
    var wrap = document.getElementById('wrap')
    // "Keep going": the next bounded batch starts as soon as this one's page is shown.
    if (wrap && wrap.getAttribute('data-auto') === '1') wrap.submit()
    countdown(); setInterval(countdown, 60000)
    var form = document.getElementById('upload')
    if (form) upload(form)
  })
})()
`
