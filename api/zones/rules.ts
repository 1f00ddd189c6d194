/**
 * The geometry rules a zone must meet before it is stored (DESIGN §5), in metres on geography.
 * check.sql takes them as parameters; a deployment setting for them is still to come (issue 12).
 */
export interface ZoneRules {
  /** Digitising tolerance: a zone may stick out of its owner's county by at most this much. */
  countyToleranceM: number;
  /** Two active zones of the same owner and kind may share at most this much area. */
  maxOverlapM2: number;
  /** Smallest zone: a slip of the mouse is not a zone. */
  minAreaM2: number;
  /** Largest zone: a county of the prefecture is 2,000–5,000 km². */
  maxAreaM2: number;
}

export const ZONE_RULES: ZoneRules = {
  countyToleranceM: 5,
  maxOverlapM2: 100,
  minAreaM2: 100,
  maxAreaM2: 5_000_000_000,
};
