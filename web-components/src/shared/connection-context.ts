/**
 * The settings every widget needs to reach the API, and its theme, handed down once by a container (mp-dashboard,
 * the pie to its details) to the widgets inside it through @lit/context, instead of being set on
 * each child by hand. A widget's own attributes win over what it inherits (see connection.ts).
 */
import { createContext } from '@lit/context';
import type { ConnectionSettings } from './connection';

export type { ConnectionSettings };

// A string key, so two copies of the widget scripts on one page still find each other's settings.
export const connectionContext = createContext<ConnectionSettings | undefined>('mp-connection-settings');
