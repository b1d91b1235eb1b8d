/**
 * Planogram format and compliance scoring as pure functions: no Kafka, database or other
 * @shelfstream package. The scoring service maps Avro records onto these types.
 *
 * @example
 * import { parsePlanogram, scoreCapture } from '@shelfstream/planogram';
 * const parsed = parsePlanogram(jsonText);
 * if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
 * const result = scoreCapture({ planogram: parsed.planogram, detections, identity: 'sku' });
 * console.log(result.score, result.shelves.map((s) => s.compliance));
 */
export { type AlignmentStep, alignShelf, type ShelfAlignment } from './align-shelf.js';
export type {
  BrandShare,
  ComplianceResult,
  PartialReason,
  ShelfCompliance,
  SkuCompliance,
  SkuFacings,
} from './compliance-result.js';
export {
  assertConfidenceFloor,
  confidenceWeight,
  DEFAULT_CONFIDENCE_FLOOR,
  WEIGHT_UNIT,
} from './confidence-weight.js';
export type { Detection, IdentityMode } from './detection.js';
export {
  groupIntoShelves,
  PITCH_PER_BOX_HEIGHT,
  ROW_BREAK_RATIO,
  type ShelfGroupingOptions,
} from './group-into-shelves.js';
export type { PlacedDetection } from './internal/placed-detection.js';
export { type ParsePlanogramResult, parsePlanogram } from './parse-planogram.js';
export {
  type CatalogEntry,
  type Fixture,
  Fixtures,
  type PlannedFacing,
  type PlannedShelf,
  type Planogram,
} from './planogram.js';
export { planogramContentHash } from './planogram-content-hash.js';
export { planogramSchema } from './planogram-schema.js';
export { type PlanogramReasonCode, PlanogramReasons } from './reasons.js';
export { type ScoreCaptureInput, scoreCapture } from './score-capture.js';
