import type { TenantContact } from '../tenants/contact-store.js'
import { DATA_CLASSES, type DataClass } from './data-classes.js'
import type { IncidentFigures } from '../store/ports/incident-store.js'
import { incidentDataClasses, type IncidentRow } from './incident-store.js'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** Deadline status of the Art. 33 notification at the time the report was made. */
export type DeadlineStatus = 'met' | 'missed' | 'pending' | 'overdue'

/**
 * Builds the GDPR Art. 33(3) report: (a) nature, categories and approximate numbers of data
 * subjects and records; (b) contact point; (c) likely consequences; (d) measures taken; plus the
 * timeline, the 72-hour deadline and the Art. 34 list of accounts to notify.
 */
export function buildIncidentReport(input: {
  incident: IncidentRow
  figures: IncidentFigures
  contact: TenantContact | null
  now: number
}) {
  const { incident, figures, now } = input
  const classes = incidentDataClasses(incident)
  const described = classes.map((name: DataClass) => ({ dataClass: name, ...DATA_CLASSES[name] }))
  const special = described.filter((entry) => entry.specialCategory).map((entry) => entry.dataClass)
  const highRisk = described.some((entry) => entry.highRisk)
  return {
    incident: {
      id: incident.id,
      name: incident.name,
      description: incident.description,
      source: incident.source,
    },
    generatedAt: iso(now),
    nature: {
      summary: natureSummary(
        incident,
        described.map((entry) => entry.label),
        figures,
      ),
      dataClasses: described.map(({ dataClass, label, specialCategory }) => ({
        dataClass,
        label,
        specialCategory,
      })),
      specialCategories: special,
    },
    dataSubjects: {
      category: 'users of the service (account holders)',
      accountsIdentified: figures.accountsExposed,
      accountsWithCurrentPasswordExposed: figures.passwordMatches,
      // How the working password was exposed: in plaintext, as the stored hash, as a digest.
      currentPasswordExposedAs: figures.passwordMatchesBy,
      currentPasswordChecksPending: figures.passwordChecksPending,
      unmatchedRecords: figures.unmatchedRecords,
      approximateTotal: figures.accountsExposed + figures.unmatchedRecords,
    },
    records: { exposureRecords: figures.records },
    likelyConsequences: {
      risk: highRisk ? 'high' : 'not_high',
      consequences: described.map(({ dataClass, consequence }) => ({ dataClass, consequence })),
      notifyDataSubjects: highRisk,
      ...(special.length > 0 && {
        note: 'Special categories of personal data (GDPR Art. 9) are involved: the risk is high.',
      }),
    },
    measures: {
      passwordsBlocked: figures.passwordsBlocked,
      passwordsBlockedAt: iso(figures.firstIngestAt),
      resetsForced: figures.resetsForced,
      resetsForcedAt: iso(figures.firstResetAt),
      resetsCompleted: figures.resetsCompleted,
    },
    contact: input.contact,
    timeline: timeline(incident, figures, now),
    art34: {
      required: highRisk,
      accounts: figures.exposedAccounts.map((row) => row.externalId),
      accountsWithPasswordMatch: figures.exposedAccounts
        .filter((row) => row.passwordMatch)
        .map((row) => row.externalId),
    },
  }
}

export type IncidentReport = ReturnType<typeof buildIncidentReport>

function natureSummary(incident: IncidentRow, labels: string[], figures: IncidentFigures): string {
  const what = labels.join(', ').toLowerCase()
  const source = incident.source ? ` Source: ${incident.source}.` : ''
  return (
    `Confidentiality breach: unauthorised access to and disclosure of ${what}. ` +
    `${figures.accountsExposed} accounts identified in ${figures.records} exposure records.${source}`
  )
}

function timeline(incident: IncidentRow, figures: IncidentFigures, now: number) {
  const notified = incident.authorityNotifiedAt
  const deadline = incident.notifyAuthorityBy
  const status: DeadlineStatus =
    notified !== null
      ? notified <= deadline
        ? 'met'
        : 'missed'
      : now <= deadline
        ? 'pending'
        : 'overdue'
  return {
    occurredAt: iso(incident.occurredAt),
    detectedAt: iso(incident.detectedAt),
    registeredAt: iso(incident.createdAt),
    firstExposureIngestAt: iso(figures.firstIngestAt),
    lastExposureIngestAt: iso(figures.lastIngestAt),
    resetsForcedAt: iso(figures.firstResetAt),
    notifyAuthorityBy: iso(deadline),
    authorityNotifiedAt: iso(notified),
    deadline: {
      status,
      // Unknown until the authority is notified or the deadline passes.
      met: status === 'pending' ? null : status === 'met',
      hoursRemaining:
        notified === null ? Math.round(((deadline - now) / 3_600_000) * 10) / 10 : null,
    },
  }
}
