import { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { Sema } from 'async-sema';
import { WritePressure } from '../http/write-pressure';

/**
 * While a write is in flight in this process (`writes`: a mutation such as recordUsage, a
 * POST /usage/events body), at most `limit` queries are worked on at once; the others wait their turn,
 * first come first served, and mutations never wait. Node runs one request's step at a time: with every
 * dashboard connection in progress at once, a feed's call waits behind all of their steps between each
 * of its statements, and falls behind (issue 25, "reads never starve the feed"). A few at a time keep
 * the same throughput, since the process is saturated either way, and let the feed's steps in between.
 * A query takes its turn as soon as its operation is known, so the turn covers the kept answers' check
 * (response-cache.ts reads the organizations' stamps, a statement): under a live feed nearly every
 * check misses, and with the checks outside the bound the feed delivered 3,876 of 5,000 events/s
 * (call p99 1.5 s). While nothing is written no query waits: more requests then share one read of their
 * organizations' rows (0.10 statements a dashboard against 0.51 with the bound), and nothing needs the
 * room. A query past its check when a write begins waits only to execute.
 */
export function readAdmissionPlugin(limit: number, writes: WritePressure): ApolloServerPlugin {
  const gate = new Sema(limit);
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<BaseContext>> {
      let held = false;
      let endWrite: (() => void) | null = null;
      const takeTurn = async () => {
        await gate.acquire();
        held = true;
      };
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'mutation') endWrite = writes.begin();
          else if (operation?.operation === 'query' && writes.active) await takeTurn();
        },
        async executionDidStart({ operation }) {
          if (operation?.operation === 'query' && !held && writes.active) await takeTurn();
        },
        // Called for every answer: executed, kept, or an error after the operation was resolved.
        async willSendResponse() {
          if (held) gate.release();
          held = false;
          endWrite?.();
        },
      };
    },
  };
}
