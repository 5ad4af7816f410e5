/// <reference types="astro/client" />
import type { Logger } from '../server/logger.ts';
import type { Services } from '../server/services.ts';
import type { Refusal } from './lib/refusals.ts';
import type { StaffIdentity } from '../server/auth/staff-sessions.ts';

declare global {
  namespace App {
    interface Locals {
      /** Storage and configuration, handed over by server/main.ts (or the dev middleware). */
      services: Services;
      /** The server's structured log (server/main.ts); under `astro dev`, none. */
      log?: Logger;
      /**
       * Where people reach this server: PUBLIC_URL, or the address it listens at. The start of
       * every absolute link a page makes; never taken from a request's headers.
       */
      baseUrl: string;
      /** The signed-in staff member, read once per request (lib/access.ts `staffMember`). */
      staffIdentity?: Promise<StaffIdentity | undefined>;
      /** Why the invite in this request's address opened nothing (lib/invite-exchange.ts), for the page to say. */
      inviteProblem?: Refusal;
      /**
       * Set by a page that holds nothing secret and nothing its reader may not see, so that it
       * may be sent compressed (server/page-compression.ts); under `astro dev`, never compressed.
       */
      compressible?: boolean;
      /** Names every script a page's islands load at the top of the page (server/module-preload.ts); under `astro dev`, none. */
      preloadModules?: (html: string) => string;
    }
  }
}
