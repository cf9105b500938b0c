import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, JWTPayload, jwtVerify } from 'jose';
import type { Config } from '../common/config';
import type { Logger } from '../common/logger';
import {
  identityProviderClaims,
  InvalidTokenError,
  lifetimeProblem,
  sharedSecretClaims,
  TokenClaims,
} from './token-claims';

/** Checks a bearer token against the configured secrets and identity provider, once per process. */
export interface TokenVerifier {
  verify(token: string): Promise<TokenClaims>;
}

const SECRET_ALGORITHM = 'HS256';
const IDENTITY_PROVIDER_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

/**
 * Tokens already verified: a request's token is checked by the rate limiter and again for its scope,
 * and a dashboard sends the same token on every request. Only tokens without `nbf` are kept, each for
 * at most as long as jose keeps a JWKS (a key the identity provider withdrew stops verifying within
 * it); expiry is checked again on every hit; the oldest entry goes first.
 */
const VERIFIED_KEPT = 1000;
const VERIFIED_FOR_MS = 10 * 60_000;

interface Verified {
  claims: TokenClaims;
  expiresAtMs: number | null;
  keptUntilMs: number;
}

/** The message a jose failure gives the client; null when the keys themselves could not be had. */
function refusalOf(error: unknown): string | null {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return "The token's issuer is not accepted";
    if (error.claim === 'aud') return "The token's audience is not accepted";
    if (error.claim === 'nbf') return 'The token is not valid yet';
    return 'The token is not valid';
  }
  // Unreachable, slow, non-200 or unparseable JWKS: jose throws these, or the socket's own error.
  const keysUnavailable =
    error instanceof joseErrors.JWKSTimeout ||
    error instanceof joseErrors.JWKSInvalid ||
    !(error instanceof joseErrors.JOSEError) ||
    error.code === joseErrors.JOSEError.code;
  return keysUnavailable ? null : 'The token is not valid';
}

function algorithmOf(token: string): string {
  try {
    return String(decodeProtectedHeader(token).alg);
  } catch {
    throw new InvalidTokenError('The token is not valid');
  }
}

/** What the verifier reads of the configuration. */
type VerifierConfig = Pick<Config, 'jwtSecret' | 'production' | 'auth'>;

class ConfiguredTokenVerifier implements TokenVerifier {
  private readonly secrets: Uint8Array[];
  /** Fetched on first use, kept 10 minutes, fetched again for an unknown `kid` (at most once per cooldown). */
  private readonly identityProviderKeys: ReturnType<typeof createRemoteJWKSet> | null;
  private readonly verified = new Map<string, Verified>();
  /** When an unavailable JWKS was last logged: once a minute is enough while every request meets it. */
  private keysUnavailableLoggedAtMs = -Infinity;

  constructor(
    private readonly config: VerifierConfig,
    private readonly clock: () => Date,
    private readonly log: Logger | undefined,
  ) {
    const { jwtSecret, auth } = config;
    const encoder = new TextEncoder();
    this.secrets = [jwtSecret, auth.previousJwtSecret].filter((s): s is string => !!s).map((s) => encoder.encode(s));
    this.identityProviderKeys = auth.jwksUrl
      ? createRemoteJWKSet(new URL(auth.jwksUrl), { cooldownDuration: auth.jwksCooldownMs })
      : null;
  }

  async verify(token: string): Promise<TokenClaims> {
    const now = this.clock();
    const known = this.verified.get(token);
    if (known && known.expiresAtMs !== null && now.getTime() >= known.expiresAtMs) {
      throw new InvalidTokenError('The token has expired');
    }
    if (known && now.getTime() < known.keptUntilMs) return known.claims;
    this.verified.delete(token);
    const { claims, payload } = await this.verifyUncached(token, now);
    if (payload.nbf === undefined) {
      if (this.verified.size >= VERIFIED_KEPT) this.verified.delete(this.verified.keys().next().value!);
      const expiresAtMs = typeof payload.exp === 'number' ? payload.exp * 1000 : null;
      this.verified.set(token, { claims, expiresAtMs, keptUntilMs: now.getTime() + VERIFIED_FOR_MS });
    }
    return claims;
  }

  /** The header's algorithm picks the key: HS256 the secrets, RS256/ES256/EdDSA the JWKS; any other is refused. */
  private async verifyUncached(token: string, now: Date): Promise<{ claims: TokenClaims; payload: JWTPayload }> {
    const { auth, production } = this.config;
    const algorithm = algorithmOf(token);
    let payload: JWTPayload;
    let claims: TokenClaims;
    if (algorithm === SECRET_ALGORITHM) {
      payload = await this.secretPayload(token, now);
      claims = sharedSecretClaims(payload, auth.jwtSecretRoles);
    } else if (this.identityProviderKeys && IDENTITY_PROVIDER_ALGORITHMS.includes(algorithm)) {
      payload = await jwtVerify(token, this.identityProviderKeys, {
        algorithms: IDENTITY_PROVIDER_ALGORITHMS,
        issuer: auth.issuer ?? undefined,
        audience: auth.audience ?? undefined,
        currentDate: now,
      }).then(
        (result) => result.payload,
        (error) => this.refuseIdentityProviderToken(error),
      );
      claims = identityProviderClaims(payload, auth);
    } else {
      throw new InvalidTokenError(`The token's algorithm (${algorithm}) is not accepted`);
    }
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const problem = production ? lifetimeProblem(payload, auth.tokenMaxLifetimeSeconds, nowSeconds) : null;
    if (problem) throw new InvalidTokenError(problem);
    return { claims, payload };
  }

  /** HS256 with JWT_SECRET, then JWT_SECRET_PREVIOUS when the signature did not match the first. */
  private async secretPayload(token: string, currentDate: Date): Promise<JWTPayload> {
    for (const [i, secret] of this.secrets.entries()) {
      try {
        return (await jwtVerify(token, secret, { algorithms: [SECRET_ALGORITHM], currentDate })).payload;
      } catch (error) {
        const tryNext = error instanceof joseErrors.JWSSignatureVerificationFailed && i < this.secrets.length - 1;
        if (!tryNext) throw new InvalidTokenError(refusalOf(error) ?? 'The token is not valid');
      }
    }
    throw new InvalidTokenError('The token is not valid');
  }

  /** Why jose refused an identity provider's token; an unavailable JWKS is logged for the operator too. */
  private refuseIdentityProviderToken(error: unknown): never {
    const message = refusalOf(error);
    if (message) throw new InvalidTokenError(message);
    const nowMs = this.clock().getTime();
    if (nowMs - this.keysUnavailableLoggedAtMs >= 60_000) {
      this.keysUnavailableLoggedAtMs = nowMs;
      this.log?.warn('identity provider keys unavailable', {
        url: this.config.auth.jwksUrl,
        detail: (error as Error).message,
      });
    }
    throw new InvalidTokenError("The token could not be verified: the identity provider's keys are unavailable");
  }
}

/** The process's one verifier, built from configuration at start-up (server.ts). */
export function createTokenVerifier(
  config: VerifierConfig,
  options: { clock?: () => Date; log?: Logger } = {},
): TokenVerifier {
  return new ConfiguredTokenVerifier(config, options.clock ?? (() => new Date()), options.log);
}
