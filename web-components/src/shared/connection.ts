/** A widget's connection settings (and theme) and how its own combine with its container's. Pure. */
import type { TokenGetter } from './credentials';
import type { Theme } from './theme';
import type { LiveSetting } from './live';

export interface ConnectionSettings {
  endpoint: string;
  token: string;
  getToken: TokenGetter | null;
  organizationId: string;
  locale: string;
  /** '' when neither the widget nor its container sets one: then auto. */
  theme: Theme | '';
  /** '' when neither the widget nor its container sets one: then on. */
  live: LiveSetting | '';
}

/** The settings a widget uses: its own where it has them, else the inherited ones. */
export function resolveConnection(
  own: ConnectionSettings,
  inherited: ConnectionSettings | undefined,
): ConnectionSettings {
  if (!inherited) return own;
  // Token and getToken are one choice: a widget given either uses its own credentials.
  const ownCredentials = Boolean(own.token || own.getToken);
  return {
    endpoint: own.endpoint || inherited.endpoint,
    token: ownCredentials ? own.token : inherited.token,
    getToken: ownCredentials ? own.getToken : inherited.getToken,
    organizationId: own.organizationId || inherited.organizationId,
    locale: own.locale || inherited.locale,
    theme: own.theme || inherited.theme,
    live: own.live || inherited.live,
  };
}

/** True when two settings would make a widget show or fetch the same thing. */
export function sameConnection(a: ConnectionSettings | undefined, b: ConnectionSettings | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.endpoint === b.endpoint &&
    a.token === b.token &&
    a.getToken === b.getToken &&
    a.organizationId === b.organizationId &&
    a.locale === b.locale &&
    a.theme === b.theme &&
    a.live === b.live
  );
}
