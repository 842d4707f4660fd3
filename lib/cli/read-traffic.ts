/** Reading traffic files for the CLI: each one the JSON response of a Prometheus instant query (traffic.ts). */
import * as fs from 'fs';
import { CliError, EXIT } from './exit-codes';
import { observedCalls, TrafficInputError, type ObservedCall } from '../adopt/traffic';

export function readTraffic(files: readonly string[]): ObservedCall[] {
  const texts = files.map((file) => {
    try {
      return { file, text: fs.readFileSync(file, 'utf8') };
    } catch (error) {
      throw new CliError(`${file}: cannot read: ${(error as Error).message}`, EXIT.USAGE);
    }
  });
  try {
    return observedCalls(texts);
  } catch (error) {
    if (error instanceof TrafficInputError) throw new CliError(error.message, EXIT.USAGE);
    throw error;
  }
}
