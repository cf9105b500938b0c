/**
 * Writes this process is working on now: GraphQL mutations (recordUsage among them) and bulk
 * ingestion requests (POST /usage/events). Read admission (graphql/read-admission.ts) gives them
 * priority over dashboard queries while any is in flight (issue 25, "reads never starve the feed").
 */
export class WritePressure {
  private inFlight = 0;

  /** Counts one write from now until the returned function is called (once; later calls do nothing). */
  begin(): () => void {
    this.inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
    };
  }

  get active(): boolean {
    return this.inFlight > 0;
  }
}
