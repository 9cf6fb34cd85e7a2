/** What an import leaves in the audit log: counts only, never the imported records. */
export function importAuditCounts(report: {
  imported: number
  updated: number
  unchanged: number
  rejectedCount: number
}): Record<string, number> {
  return {
    imported: report.imported,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejectedCount,
  }
}
