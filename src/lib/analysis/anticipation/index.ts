/** Anticipation (METRICS.md §5b): see `types.ts` for the figures and the choices made. */
export * from './anticipate';
export { eventsFromRows, type EventRow } from '../event-from-rows';
