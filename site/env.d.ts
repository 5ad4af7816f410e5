/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Storage and configuration, handed over by server/main.ts (or the dev middleware). */
    services: import('../server/services.ts').Services;
  }
}
