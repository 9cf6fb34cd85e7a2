/** @jsxImportSource hono/jsx */
import type { SchemeDistribution } from '../../migration/scheme-distribution.js'

const ROW = 28
const LABEL = 150
const WIDTH = 600

/**
 * Hash schemes as a horizontal bar chart in server-rendered SVG: no script, no inline style
 * (colours come from classes in the stylesheet), each bar labelled with its count.
 */
export function SchemeChart(props: { schemes: SchemeDistribution; title: string }) {
  const { schemes } = props
  const bars: { label: string; n: number; kind: string }[] = [
    { label: 'argon2id', n: schemes.argon2id, kind: 'argon2id' },
    { label: 'wrapped', n: schemes.wrapped.total, kind: 'wrapped' },
    ...Object.entries(schemes.legacy.byFamily)
      .sort((a, b) => b[1] - a[1])
      .map(([family, n]) => ({ label: `legacy: ${family}`, n, kind: 'legacy' })),
  ]
  const max = Math.max(1, ...bars.map((bar) => bar.n))
  const height = bars.length * ROW + 8
  const summary = bars.map((bar) => `${bar.label} ${bar.n}`).join(', ')
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={`${props.title}: ${summary}`}
    >
      {bars.map((bar, i) => {
        const y = i * ROW + 4
        const width = Math.round(((WIDTH - LABEL - 70) * bar.n) / max)
        return (
          <g>
            <text x="0" y={y + 17}>
              {bar.label}
            </text>
            <rect class={`bar-${bar.kind}`} x={LABEL} y={y} width={width} height={ROW - 8} />
            <text x={LABEL + width + 6} y={y + 17}>
              {String(bar.n)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
