/** The twin runner's public surface: live/replay runner, whole-stream runs and back-tests. */
export { TwinRunner, type AlertPort, type TwinRunnerOptions } from './TwinRunner';
export {
  alertRecords,
  runBacktest,
  runInputs,
  type AlertRecord,
  type BacktestResult,
  type RunOptions,
} from './backtest';
