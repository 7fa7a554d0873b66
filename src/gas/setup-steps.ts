/**
 * A run as a list of named steps, each in a guard of its own: a step that throws (a "Service error", a quota, a
 * member Google changed) is logged with its name and named in the outcome. An essential step's failure stops the
 * run there; a secondary step's failure does not, and the steps after it still run. Setup runs its steps so, and the
 * nightly run its pieces (all secondary). Every step changes only what differs, so the next run does what this one
 * left.
 */
import { errorMessage } from '../core/common/ports';
import { consoleLogger } from './services';

export interface SetupStep<Box> {
  /** What the step does, in Vietnamese, as the admin page names it when it was not done. */
  name: string;
  run: (box: Box) => void;
}

export interface StepFailure {
  step: string;
  error: string;
}

export interface StepsOutcome {
  /** The steps not done: the essential step the run stopped at, or the secondary steps that failed. */
  failed: StepFailure[];
  /** True when an essential step failed: the steps after it were not run. */
  stopped: boolean;
}

/** Runs one step; false (logged as `event`, and added to `failed`) when it threw. */
function attempt<Box>(step: SetupStep<Box>, box: Box, failed: StepFailure[], event: string): boolean {
  try {
    step.run(box);
    return true;
  } catch (err) {
    consoleLogger.error(event, err, { step: step.name });
    failed.push({ step: step.name, error: errorMessage(err) });
    return false;
  }
}

/**
 * The essential steps in order, up to the first that fails; then, if none did, every secondary step. A step that
 * throws is logged as `event` (the execution log's name for the run's failed steps) with the step's name.
 */
export function runSteps<Box>(
  box: Box,
  essential: readonly SetupStep<Box>[],
  secondary: readonly SetupStep<Box>[],
  event = 'setup.step-failed',
): StepsOutcome {
  const failed: StepFailure[] = [];
  for (const step of essential) {
    if (!attempt(step, box, failed, event)) return { failed, stopped: true };
  }
  for (const step of secondary) attempt(step, box, failed, event);
  return { failed, stopped: false };
}
