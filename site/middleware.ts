/**
 * In production server/main.ts hands every request its services. Under `astro dev` there is
 * no such server, so the first request opens them from the environment, once per process.
 */
import { defineMiddleware } from 'astro:middleware';
import { parseConfig } from '../server/config.ts';
import { openServices, type Services } from '../server/services.ts';

let devServices: Services | undefined;

export const onRequest = defineMiddleware((context, next) => {
  if (!context.locals.services) {
    devServices ??= openServices(parseConfig(process.env)).services;
    context.locals.services = devServices;
  }
  return next();
});
