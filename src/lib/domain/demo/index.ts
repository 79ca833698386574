/**
 * The demo workspace: Volta Énergie, a fictional French electricity and gas supplier.
 */
export { DEMO_WORKSPACE_ID, DEMO_MOTIVE_CODES, demoMotiveId, type DemoMotiveCode } from './ids';
export { demoMotiveModel, type DemoMotiveModelEntry } from './motives';
