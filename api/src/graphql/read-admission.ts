import { ApolloServerPlugin, BaseContext, GraphQLRequestExecutionListener } from '@apollo/server';
import { Sema } from 'async-sema';

/**
 * At most `limit` queries execute at once per process; the others wait their turn, first come first
 * served. Mutations never wait, nor do answers served from the kept ones (they do not execute). Node
 * runs one request's step at a time: with every dashboard connection executing at once, a feed's
 * recordUsage call waits behind all of their steps between each of its statements, and falls behind
 * (issue 25, "reads never starve the feed"). A few at a time keep the same throughput, since the
 * process is saturated either way, and let the feed's steps in between.
 */
export function readAdmissionPlugin(limit: number): ApolloServerPlugin {
  const gate = new Sema(limit);
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ operation }): Promise<GraphQLRequestExecutionListener<BaseContext> | void> {
          if (operation?.operation !== 'query') return;
          await gate.acquire();
          let held = true;
          return {
            async executionDidEnd() {
              if (held) gate.release();
              held = false;
            },
          };
        },
      };
    },
  };
}
