/**
 * The report's standard sections in reading order. Other analyses add their own sections,
 * which go after the standard ones and before the reproduction section, which stays last.
 */
import type { ReportInput, ReportSection } from '../types.js';
import { activitySection } from './activity.js';
import { evaluationSection } from './evaluation.js';
import { intervalsSection } from './intervals.js';
import { lossSection } from './loss.js';
import { reproductionSection } from './reproduction.js';
import { spectraSection } from './spectra.js';
import { summarySection } from './summary.js';
import { weightsSection } from './weights.js';

/** Builds every section of a report, with `extraSections` placed before reproduction. */
export function reportSections(
  input: ReportInput,
  extraSections: ReportSection[] = [],
): ReportSection[] {
  const sections = [
    summarySection(input),
    lossSection(input),
    evaluationSection(input),
    intervalsSection(input),
    weightsSection(input),
    spectraSection(input),
    activitySection(input),
    ...extraSections,
    reproductionSection(input),
  ];
  const ids = new Set<string>();
  const figureNames = new Set<string>();
  for (const section of sections) {
    if (ids.has(section.id)) throw new Error(`two report sections have the id '${section.id}'`);
    ids.add(section.id);
    for (const figure of section.figures) {
      if (figureNames.has(figure.name)) {
        throw new Error(
          `two report figures are named '${figure.name}'; figure names must be unique`,
        );
      }
      figureNames.add(figure.name);
    }
  }
  return sections;
}
