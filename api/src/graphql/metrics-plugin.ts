import { ApolloServerPlugin } from '@apollo/server';
import { countGraphqlError, countGraphqlOperation } from '../common/metrics';
import { RequestContext } from './context';
import { operationLabel } from './operation-names';

/**
 * Counts each resolved operation by its bounded name and type, and each error a response carries by
 * its extensions.code (as the client reads it, after formatError).
 */
export function metricsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation) countGraphqlOperation(operationLabel(operation.name?.value), operation.operation);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          for (const error of response.body.singleResult.errors) {
            const code = error.extensions?.code;
            countGraphqlError(typeof code === 'string' ? code : 'none');
          }
        },
      };
    },
  };
}
