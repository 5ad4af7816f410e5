/**
 * What a stage is called until someone gives it a headline: written by "Add a stage" (the map's
 * toolbar, the panel's "Add a stage after this"), and selected whole when its box is first
 * focused, so typing replaces it.
 */
export const NEW_STAGE_TITLE = 'A new stage';
