/** An upload line refused on its own: its 1-based number, a stable code and why. */
export interface LineRejection {
  line: number
  code: string
  detail: string
}

/** What an upload's report keeps of its refused lines: all of them counted, the first listed. */
export interface RejectionTally {
  rejected: LineRejection[]
  rejectedCount: number
}

/** Detail lists stop here so a garbage upload cannot make a giant response. */
export const MAX_REJECTION_DETAILS = 10_000

/**
 * Counts a refused line and lists it while the list is under MAX_REJECTION_DETAILS. The one
 * collector of the account import and the exposure ingest, so both answer a garbage upload
 * with the same bounded report.
 */
export function recordRejection(tally: RejectionTally, rejection: LineRejection): void {
  tally.rejectedCount += 1
  if (tally.rejected.length < MAX_REJECTION_DETAILS) tally.rejected.push(rejection)
}
