import holdsExtend from '../../methods/holds/extend.js';
import holdsGet from '../../methods/holds/get.js';
import seatsHold from '../../methods/seats/hold.js';
import seatsRelease from '../../methods/seats/release.js';
import { methodRoute, type ApiRoute } from './route.js';
import { errorRef, jsonResponse } from './schemas.js';

const object = { type: 'object' };
const signedIn = {
  400: errorRef('BadRequest'),
  401: errorRef('Unauthenticated'),
  404: errorRef('NotFound'),
};

/** Holds and bookings, under the seed API's names (DESIGN §6). */
export function bookingRoutes(): ApiRoute[] {
  return [
    methodRoute('post', '/bookings/hold-seats', seatsHold, {
      status: 201,
      doc: {
        responses: {
          201: jsonResponse('{hold}: the caller’s hold, grown by these places.', object),
          ...signedIn,
          403: errorRef('Forbidden'),
          409: errorRef('Conflict'),
        },
      },
    }),
    methodRoute('post', '/bookings/release-seats', seatsRelease, {
      doc: { responses: { 200: jsonResponse('{hold} after the release.', object), ...signedIn } },
    }),
    methodRoute('post', '/bookings/extend-hold', holdsExtend, {
      doc: {
        responses: {
          200: jsonResponse('{hold} with its new expiry.', object),
          ...signedIn,
          409: errorRef('Conflict'),
          410: errorRef('Gone'),
        },
      },
    }),
    methodRoute('get', '/bookings/hold-status', holdsGet, {
      doc: { responses: { 200: jsonResponse('{hold} (null when none).', object), ...signedIn } },
    }),
  ];
}
