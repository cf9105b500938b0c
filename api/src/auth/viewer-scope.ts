import { DomainError } from '../common/domain-error';
import { Action, CAN, Role } from './roles';
import { TokenClaims } from './token';

/** Anything that sits at a place in the organization tree. */
export interface PlacedInTree {
  path: string;
}

/**
 * Who is asking and what they may see: a token sees its organization and everything below it
 * (an operator sees everything). Made once per request.
 */
export class ViewerScope {
  constructor(
    readonly claims: TokenClaims | null,
    /** Path of the token's organization ('/1/5/'), null for an operator without one. */
    readonly orgPath: string | null,
    /** Why the token was refused, when it was. */
    readonly authError: string | null = null,
  ) {}

  get isOperator(): boolean {
    return !!this.claims?.roles.includes('operator');
  }

  get roles(): Role[] {
    return this.claims?.roles ?? [];
  }

  /** The token's claims; UNAUTHENTICATED without a valid token (saying why it was refused). */
  authenticated(): TokenClaims {
    if (!this.claims) throw DomainError.unauthenticated(this.authError ?? undefined);
    return this.claims;
  }

  /** Who asks: the token's subject. */
  get subject(): string {
    return this.authenticated().sub;
  }

  /** UNAUTHENTICATED without a valid token, FORBIDDEN when no role of the token may do `action`. */
  require(action: Action): TokenClaims {
    const claims = this.authenticated();
    const allowed: readonly Role[] = CAN[action];
    if (!claims.roles.some((role) => allowed.includes(role))) {
      throw DomainError.forbidden(`Your role (${claims.roles.join(', ') || 'none'}) may not ${describe(action)}`);
    }
    return claims;
  }

  canSee(thing: PlacedInTree): boolean {
    if (this.isOperator) return true;
    return this.orgPath !== null && thing.path.startsWith(this.orgPath);
  }

  /** Answers a thing outside the scope exactly as a missing one. */
  ensureVisible<T extends PlacedInTree>(thing: T | null | undefined, what: string, id: string | number): T {
    if (!thing || !this.canSee(thing)) throw DomainError.notFound(what, id);
    return thing;
  }
}

function describe(action: Action): string {
  switch (action) {
    case 'read':
      return 'read organization data';
    case 'change':
      return 'change organization data';
    case 'ingest':
      return 'record usage';
    case 'createTopLevel':
      return 'create top-level organizations';
  }
}
