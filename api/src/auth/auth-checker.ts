import { AuthCheckerFn } from 'type-graphql';
import { RequestContext } from './request-context';
import { Action, CAN, Role } from './roles';

/** `@Authorized(CAN.read)` names the roles of an action; the action's name words the FORBIDDEN message. */
const ACTION_OF_ROLES = new Map(
  Object.entries(CAN).map(([action, roles]) => [[...roles].sort().join(','), action as Action]),
);

/**
 * type-graphql's check for `@Authorized(...)`: no roles means any valid token; roles mean one of the
 * token's roles must be among them. It throws rather than answering false, so the client learns why
 * (an invalid or expired token, a token of an organization that does not exist, or which role may
 * not do what).
 */
export const authChecker: AuthCheckerFn<RequestContext, Role> = async ({ context }, roles) => {
  // The token's organization is looked up here, by the first field that needs a valid token.
  await context.scope.resolve();
  if (!roles.length) {
    context.scope.authenticated();
    return true;
  }
  const action = ACTION_OF_ROLES.get([...roles].sort().join(','));
  if (!action) throw new Error(`@Authorized(${roles.join(', ')}) is not the role list of an action in CAN`);
  context.scope.require(action);
  return true;
};
