/**
 * The signup widget in Chromium: the size of the module a page imports (before the lazy
 * strength module and dictionaries), and the time from the last keystroke to the
 * `pwguard:verdict` event with the range already cached, at full speed and under 4× CPU
 * throttling (DevTools protocol). Baseline from the same run: the same keystroke through a
 * bare listener that waits the widget's settle time and dispatches at once (the floor any
 * debounced widget has). Budgets: 10 KB gzipped, 150 ms, 300 ms throttled.
 */
import { loadavg } from 'node:os'
import { gzipSync } from 'node:zlib'
import { launchChromium } from '../../test/widget/support/chromium.js'
import { startWidgetServers } from '../../test/widget/support/widget-servers.js'

const TRIALS = 25
const PASSWORD = 'paarse olifant fietst naar Brugge'
const print = (figure: Record<string, unknown>) =>
  console.log(JSON.stringify({ ...figure, loadavg1m: +(loadavg()[0] ?? 0).toFixed(2) }))

const servers = await startWidgetServers()
const browser = await launchChromium()
try {
  servers.setSitePage(`<!doctype html><html lang="en"><title>bench</title>
    <input id="pw" type="password" aria-label="Password"><input id="base" aria-label="Baseline">
    <script type="module">
      import { attach } from '${servers.pwguard}/widget/v1/pwguard.js'
      const pw = document.getElementById('pw')
      const base = document.getElementById('base')
      attach(pw)
      let timer
      base.addEventListener('input', () => {
        clearTimeout(timer)
        timer = setTimeout(() => base.dispatchEvent(new CustomEvent('pwguard:verdict')), 40)
      })
      // A verdict still due from the previous fill() is not this keystroke's: skip it.
      window.measure = (id) => new Promise((resolve) => {
        const input = document.getElementById(id)
        let start = 0
        input.addEventListener('keydown', () => (start = performance.now()), { once: true })
        const done = () => {
          if (start === 0) return
          input.removeEventListener('pwguard:verdict', done)
          resolve(performance.now() - start)
        }
        input.addEventListener('pwguard:verdict', done)
      })
    </script>`)
  const page = await browser.newPage()
  let moduleBytes = ''
  page.on('response', async (response) => {
    if (response.url().endsWith('/widget/v1/pwguard.js'))
      moduleBytes = (await response.body()).toString()
  })
  await page.goto(servers.site)
  await page.waitForFunction(() => 'measure' in globalThis)
  const gzipBytes = gzipSync(moduleBytes, { level: 9 }).length
  print({
    figure: 'widget_module_gzip_bytes',
    value: gzipBytes,
    budget: 10_240,
    rawBytes: moduleBytes.length,
  })

  // Warm up: strength module, dictionaries and the password's ranges loaded once.
  await page.focus('#pw')
  await page.keyboard.type(PASSWORD)
  await page.waitForSelector('.pwguard-status:not([aria-busy])', {
    state: 'attached',
    timeout: 120_000,
  })

  const trial = async (id: string) => {
    await page.fill(`#${id}`, PASSWORD.slice(0, -1))
    await page.waitForTimeout(120)
    await page.focus(`#${id}`)
    type Measuring = { measure(id: string): Promise<number>; pending: Promise<number> }
    // Installed (awaited) before the key goes down, so the keydown listener cannot miss it.
    await page.evaluate((target) => {
      const self = globalThis as unknown as Measuring
      self.pending = self.measure(target)
    }, id)
    await page.keyboard.press(PASSWORD.slice(-1))
    return page.evaluate(() => (globalThis as unknown as Measuring).pending)
  }
  const series = async (id: string) => {
    const times: number[] = []
    for (let i = 0; i < TRIALS; i++) times.push(await trial(id))
    times.sort((a, b) => a - b)
    return {
      median: times[Math.floor(TRIALS / 2)] ?? NaN,
      p95: times[Math.floor(TRIALS * 0.95)] ?? NaN,
    }
  }
  const cdp = await page.context().newCDPSession(page)
  for (const rate of [1, 4]) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate })
    const baseline = await series('base')
    const widget = await series('pw')
    print({
      figure: rate === 1 ? 'widget_verdict_ms' : 'widget_verdict_ms_cpu4x',
      median: +widget.median.toFixed(1),
      p95: +widget.p95.toFixed(1),
      budget: rate === 1 ? 150 : 300,
      baselineMedian: +baseline.median.toFixed(1),
      ratio: +(widget.median / baseline.median).toFixed(2),
      trials: TRIALS,
    })
  }
} finally {
  await browser.close()
  await servers.close()
}
