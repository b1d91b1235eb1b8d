import type { FixtureType } from '@shelfstream/contracts';

/** Inference route keys: one per fixture type; the model and batching lane are chosen per route. */
export type Route = 'gondola' | 'endcap' | 'freezer';

/** The inference route of a fixture type. Unknown symbols were already read as GONDOLA by the Avro reader. */
export function toRoute(fixture: FixtureType): Route {
  switch (fixture) {
    case 'ENDCAP':
      return 'endcap';
    case 'FREEZER':
      return 'freezer';
    default:
      return 'gondola';
  }
}
