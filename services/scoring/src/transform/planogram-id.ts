/**
 * The identifier of one planogram version, as ComplianceScored.planogram_id carries it: `store_id|aisle|version`.
 */
export function planogramId(storeId: string, aisle: string, version: number): string {
  return `${storeId}|${aisle}|${version}`;
}
