/// <reference types="astro/client" />
import type { Services } from '../server/services.ts';

declare global {
  namespace App {
    interface Locals {
      /** Storage and configuration, handed over by server/main.ts (or the dev middleware). */
      services: Services;
    }
  }
}
