import { DATA_CLASSES, type DataClass } from '../../incidents/data-classes.js'
import type { IncidentReport } from '../../incidents/incident-report.js'

/**
 * The report as the console shows and downloads it: data classes named in the user's language.
 * The report's own wording comes from src/incidents (English); only the class names, which the
 * admin chose in the console's language, are swapped, in the list and in the summary sentence.
 */
export function localizeReportDataClasses(
  report: IncidentReport,
  names: Record<DataClass, string>,
): IncidentReport {
  const classes = report.nature.dataClasses
  const english = classes.map((entry) => DATA_CLASSES[entry.dataClass].label).join(', ')
  const local = classes.map((entry) => names[entry.dataClass]).join(', ')
  return {
    ...report,
    nature: {
      ...report.nature,
      // buildIncidentReport lower-cases the joined labels inside its summary sentence.
      summary: report.nature.summary.replace(english.toLowerCase(), local.toLowerCase()),
      dataClasses: classes.map((entry) => ({ ...entry, label: names[entry.dataClass] })),
    },
  }
}
