import { DomainError } from '../common/domain-error';
import { Action, CAN, Role } from './roles';
import { TokenClaims } from './token-claims';

/** Anything that sits at a place in the organization tree. */
export interface PlacedInTree {
  path: string;
}

/** Whether an organization exists: from the process's placements when it can, else one row read. */
export type OrganizationExists = (id: number) => boolean | Promise<boolean>;

const MISSING_ORGANIZATION = "The token's organization does not exist";

/**
 * Who is asking and what they may see: a token sees its organization and everything below it
 * (an operator sees everything). Made once per request, without touching the database: paths list
 * every ancestor's id ('/1/5/12/'), so "below the token's organization" is "its id is on the path".
 * Whether the token's organization exists is checked only when a field needs a valid token
 * (`resolve()`, from the auth checker), so `{ __typename }` costs no SQL.
 */
export class ViewerScope {
  /** The token's organization id; null for none (an operator without one) or an id that cannot exist. */
  readonly orgId: number | null;
  private resolving: Promise<void> | null = null;

  constructor(
    private tokenClaims: TokenClaims | null,
    /** Why the token was refused, when it was. */
    private refusal: string | null = null,
    private readonly organizationExists: OrganizationExists = () => true,
  ) {
    const id = tokenClaims?.org ? Number(tokenClaims.org) : NaN;
    this.orgId = Number.isSafeInteger(id) && id > 0 ? id : null;
  }

  get claims(): TokenClaims | null {
    return this.tokenClaims;
  }

  get authError(): string | null {
    return this.refusal;
  }

  /**
   * Refuses a token whose organization does not exist (once per request). Until it has run, an
   * unknown organization still sees nothing (no path holds its id); it only words the refusal.
   */
  resolve(): Promise<void> {
    this.resolving ??= this.checkOrganization();
    return this.resolving;
  }

  private async checkOrganization(): Promise<void> {
    const claims = this.tokenClaims;
    if (!claims?.org) return;
    if (this.orgId === null || !(await this.organizationExists(this.orgId))) {
      this.tokenClaims = null;
      this.refusal = MISSING_ORGANIZATION;
    }
  }

  get isOperator(): boolean {
    return !!this.tokenClaims?.roles.includes('operator');
  }

  get roles(): Role[] {
    return this.tokenClaims?.roles ?? [];
  }

  /** The token's claims; UNAUTHENTICATED without a valid token (saying why it was refused). */
  authenticated(): TokenClaims {
    if (!this.tokenClaims) throw DomainError.unauthenticated(this.refusal ?? undefined);
    return this.tokenClaims;
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
    if (!this.tokenClaims) return false;
    if (this.isOperator) return true;
    return this.orgId !== null && thing.path.includes(`/${this.orgId}/`);
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
    case 'managePlans':
      return 'set or clear price plans';
  }
}
