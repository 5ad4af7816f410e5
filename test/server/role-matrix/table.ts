/**
 * The role × action matrix (issue 14; server/SPEC.md AUTH1, AUTH2, AUTH6, AUTH8, AUTH9, PAGE2):
 * who may ask, and what each should get from every page, endpoint and room action. Journey J
 * and theory of change T are in project A (the default project); journey J2 and theory of
 * change T2 are in project B, so a facilitator of A meets real 403s there. The same table holds
 * in every setting the runner (runner.ts) is given: one process, or several sharing a database.
 */

export const ACTORS = [
  'admin', // an admin of project A
  'facA', // a facilitator of project A
  'facB', // a facilitator of project B
  'adminB', // an admin of project B
  'participant', // opened a participant invite to J in a browser (its cookie)
  'viewer', // opened a viewer invite to J in a browser
  'evaluator', // holds an evaluator token for T and presents it everywhere (Bearer; ?token= on rooms)
  'anonymous', // nothing at all
  'disabled', // a facilitator of A, signed in, whose account an admin then disabled (`turning-points staff disable`)
  'revokedInvite', // opened a participant invite to J that a facilitator then revoked on the invite page
  'signedOut', // a facilitator of A who signed out and kept the old cookie
] as const;
export type Actor = (typeof ACTORS)[number];

/**
 * What each should get, in the order of ACTORS: an HTTP status; for the home page, its status
 * and which of J, T, J2, T2 it lists; for a room, `joined` (or the upgrade's refusal status),
 * whether the document could be `read`, and whether a change was `written` (reached another
 * member) or `not written` (a viewer's, never applied: SYNC3).
 */
// prettier-ignore
export const EXPECTED: Record<string, readonly string[]> = {
  //                                                    admin      facA       facB         adminB       participant  viewer         evaluator  anonymous  disabled  revokedInv  signedOut
  'GET / (what it lists)':                              ['200 J T', '200 J T', '200 J2 T2', '200 J2 T2', '200 -',     '200 -',       '200 -',   '200 -',   '200 -',  '200 -',    '200 -'],
  'POST / (start a journey)':                           ['303',     '303',     '303',       '303',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /signin':                                        ['200',     '200',     '200',       '200',       '200',       '200',         '200',     '200',     '200',    '200',      '200'],
  'GET /enrol':                                         ['401',     '401',     '401',       '401',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /schema/theory-of-change/v1.json':               ['200',     '200',     '200',       '200',       '200',       '200',         '200',     '200',     '200',    '200',      '200'],
  'GET /journeys/J':                                    ['200',     '200',     '403',       '403',       '200',       '200',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J/list':                               ['200',     '200',     '403',       '403',       '200',       '200',         '401',     '401',     '401',    '401',      '401'],
  // COSTS2: costs are for staff unless a facilitator shows them to participants (off by default).
  'GET /journeys/J/costs':                              ['200',     '200',     '403',       '403',       '403',       '403',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J/invite':                             ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /journeys/J/invite':                            ['303',     '303',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J/settings':                           ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /journeys/J/settings (bring back from archive)':['303',     '303',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J2':                                   ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J2/list':                              ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J2/costs':                             ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J2/invite':                            ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /journeys/J2/invite':                           ['403',     '403',     '303',       '303',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J2/settings':                          ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /journeys/J2/settings (bring back from archive)':['403',    '403',     '303',       '303',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T':                                         ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T/list':                                    ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T/invite':                                  ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /toc/T/invite':                                 ['303',     '303',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /api/toc/T?format=json':                         ['200',     '200',     '403',       '403',       '401',       '401',         '200',     '401',     '401',    '401',      '401'],
  'GET /api/toc/T/sources':                             ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T2':                                        ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T2/list':                                   ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T2/invite':                                 ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /toc/T2/invite':                                ['403',     '403',     '303',       '303',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /api/toc/T2?format=json':                        ['403',     '403',     '200',       '200',       '401',       '401',         '403',     '401',     '401',    '401',      '401'],
  'GET /api/toc/T2/sources':                            ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /api/journeys':                                 ['201',     '201',     '201',       '201',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /api/toc (from J)':                             ['201',     '201',     '400',       '400',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /api/reports/costs':                             ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /reports/costs':                                 ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /admin':                                         ['200',     '403',     '403',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /admin/audit':                                   ['200',     '403',     '403',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /admin (end sessions of a facilitator of A)':  ['303',     '403',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families':                                      ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families/F':                                    ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families/F/erase':                              ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families/F/export':                             ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families/F/export.json':                        ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  // Research across families (issue 18): staff of the family's or cohort's project only; C is project A's synthetic cohort.
  'GET /families/F/profile':                            ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /families/F/profile (record a profile)':        ['303',     '303',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families/F/outcomes':                           ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /cohorts':                                       ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /cohorts/C':                                     ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /cohorts/C (find two family types)':            ['303',     '303',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /research/import':                               ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /research/issues':                               ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /research/indicators':                           ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /research/qdpx':                                 ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  // The account page comes with the passkeys branch of issue 14: until it is merged, this row fails (404).
  'GET /account':                                       ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'room J: join':                                       ['joined',  'joined',  '403',       '403',       'joined',    'joined',      '403',     '401',     '401',    '401',      '401'],
  'room J: read':                                       ['read',    'read',    '403',       '403',       'read',      'read',        '403',     '401',     '401',    '401',      '401'],
  'room J: write':                                      ['written', 'written', '403',       '403',       'written',   'not written', '403',     '401',     '401',    '401',      '401'],
  'room T: join':                                       ['joined',  'joined',  '403',       '403',       '401',       '401',         '403',     '401',     '401',    '401',      '401'],
  'room J2: join':                                      ['403',     '403',     'joined',    'joined',    '401',       '401',         '403',     '401',     '401',    '401',      '401'],
  'room T2: join':                                      ['403',     '403',     'joined',    'joined',    '401',       '401',         '403',     '401',     '401',    '401',      '401'],
  // Last, as it ends the staff's sessions: signing out always goes home (and ends a session if there is one).
  'POST /signout':                                      ['303',     '303',     '303',       '303',       '303',       '303',         '303',     '303',     '303',    '303',      '303'],
};
