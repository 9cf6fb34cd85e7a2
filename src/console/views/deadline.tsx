/** @jsxImportSource hono/jsx */
import type { Messages } from '../i18n/messages.js'

/**
 * The Art. 33 countdown: rendered on the server, kept current by console.js through the
 * data attributes (templates in the page's language).
 */
export function Deadline(props: { t: Messages; by: number; now: number }) {
  const hours = Math.round((props.by - props.now) / 3_600_000)
  const over = hours < 0
  return (
    <span
      data-deadline={String(props.by)}
      data-left={props.t.overview.hoursLeft(Number.NaN).replace('NaN', '{h}')}
      data-over={props.t.overview.overdue(Number.NaN).replace('NaN', '{h}')}
      class={over ? 'overdue' : undefined}
    >
      {over ? props.t.overview.overdue(-hours) : props.t.overview.hoursLeft(hours)}
    </span>
  )
}
