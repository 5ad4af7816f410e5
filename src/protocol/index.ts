/** The room protocol: message types, our STORED acknowledgement and close codes. */
export * from './close-codes.ts';
export * from './messages.ts';
export * from './controls.ts';
export * from './control-commands.ts';
