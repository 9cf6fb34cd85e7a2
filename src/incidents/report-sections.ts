import type { IncidentReport } from './incident-report.js'

/** A report section as the text renderers print it: label/value rows and an optional list. */
export interface ReportSection {
  heading: string
  rows: [string, string][]
  list?: string[]
}

const orNone = (value: string | number | null | undefined) =>
  value === null || value === undefined || value === '' ? '—' : String(value)

/** The Art. 33(3) report as ordered sections, shared by the Markdown and HTML renderers. */
export function reportSections(report: IncidentReport): ReportSection[] {
  const { timeline, dataSubjects, measures, likelyConsequences, contact, art34 } = report
  return [
    {
      heading: 'Nature of the breach (Art. 33(3)(a))',
      rows: [
        ['Incident', `${report.incident.name} (${report.incident.id})`],
        ['Description', orNone(report.incident.description)],
        ['Summary', report.nature.summary],
        ['Special categories (Art. 9)', orNone(report.nature.specialCategories.join(', '))],
      ],
      list: report.nature.dataClasses.map((entry) => `${entry.label} (${entry.dataClass})`),
    },
    {
      heading: 'Data subjects and records',
      rows: [
        ['Category', dataSubjects.category],
        ['Accounts identified', String(dataSubjects.accountsIdentified)],
        [
          'Accounts whose current password was exposed',
          String(dataSubjects.accountsWithCurrentPasswordExposed),
        ],
        ['… exposed in plaintext', String(dataSubjects.currentPasswordExposedAs.plaintext)],
        ['… exposed as the stored hash', String(dataSubjects.currentPasswordExposedAs.hashString)],
        ['… exposed as an unsalted digest', String(dataSubjects.currentPasswordExposedAs.digest)],
        ...(dataSubjects.currentPasswordChecksPending > 0
          ? [
              [
                'Digest checks still running',
                String(dataSubjects.currentPasswordChecksPending),
              ] as [string, string],
            ]
          : []),
        ['Records matching no account', String(dataSubjects.unmatchedRecords)],
        ['Approximate number of data subjects', String(dataSubjects.approximateTotal)],
        ['Exposure records', String(report.records.exposureRecords)],
      ],
    },
    {
      heading: 'Contact point (Art. 33(3)(b))',
      rows: contact
        ? [
            ['Name', contact.name],
            ['E-mail', contact.email],
            ['Phone', orNone(contact.phone)],
          ]
        : [['Contact', 'not set (PUT /v1/tenant/contact)']],
    },
    {
      heading: 'Likely consequences (Art. 33(3)(c))',
      rows: [['Risk to data subjects', likelyConsequences.risk === 'high' ? 'high' : 'not high']],
      list: likelyConsequences.consequences.map(
        (entry) => `${entry.dataClass}: ${entry.consequence}`,
      ),
    },
    {
      heading: 'Measures taken (Art. 33(3)(d))',
      rows: [
        ['Exposed passwords blocked service-wide', String(measures.passwordsBlocked)],
        ['Passwords blocked since', orNone(measures.passwordsBlockedAt)],
        ['Password resets forced', String(measures.resetsForced)],
        ['Resets forced at', orNone(measures.resetsForcedAt)],
        ['Resets completed', String(measures.resetsCompleted)],
      ],
    },
    {
      heading: 'Timeline and the 72-hour deadline',
      rows: [
        ['Occurred', orNone(timeline.occurredAt)],
        ['Detected', orNone(timeline.detectedAt)],
        ['Registered', orNone(timeline.registeredAt)],
        ['First exposure list ingested', orNone(timeline.firstExposureIngestAt)],
        ['Notify the authority by', orNone(timeline.notifyAuthorityBy)],
        ['Authority notified', orNone(timeline.authorityNotifiedAt)],
        ['Deadline', timeline.deadline.status],
        ['Report generated', orNone(report.generatedAt)],
      ],
    },
    {
      heading: 'Data subjects to notify (Art. 34)',
      rows: [
        [
          'Notification required',
          art34.required ? 'yes (high risk)' : 'not required (risk not high)',
        ],
        ['Accounts', String(art34.accounts.length)],
      ],
      list: art34.accounts,
    },
  ]
}
