import type { IncidentReport } from './incident-report.js'
import { reportSections } from './report-sections.js'

/**
 * Markdown: every value is escaped (HTML brackets, emphasis, links, table pipes) so a report
 * rendered by any Markdown viewer shows the text and never runs markup from an incident name.
 */
export function renderReportMarkdown(report: IncidentReport): string {
  const inline = (text: string) => text.replace(/([\\`*_[\]<>#|&])/g, '\\$1').replace(/\r?\n/g, ' ')
  const out = [`# Personal data breach report: ${inline(report.incident.name)}`, '']
  for (const section of reportSections(report)) {
    out.push(`## ${section.heading}`, '', '| | |', '|---|---|')
    for (const [label, value] of section.rows) out.push(`| ${inline(label)} | ${inline(value)} |`)
    out.push('')
    if (section.list && section.list.length > 0) {
      for (const item of section.list) out.push(`- ${inline(item)}`)
      out.push('')
    }
  }
  return out.join('\n')
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char)
}

/** A self-contained HTML page (no scripts, no external resources); every value is escaped. */
export function renderReportHtml(report: IncidentReport): string {
  const body = reportSections(report)
    .map((section) => {
      const rows = section.rows
        .map(
          ([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
        )
        .join('')
      const list = section.list?.length
        ? `<ul>${section.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
        : ''
      return `<section><h2>${escapeHtml(section.heading)}</h2><table>${rows}</table>${list}</section>`
    })
    .join('\n')
  const title = `Personal data breach report: ${escapeHtml(report.incident.name)}`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}th{text-align:left;padding-right:1rem;vertical-align:top}ul{columns:3}</style>
</head><body><h1>${title}</h1>
${body}
</body></html>
`
}
