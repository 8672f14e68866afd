import eventsCancel from '../../methods/events/cancel.js';
import eventsCreate from '../../methods/events/create.js';
import eventsCreateSeries from '../../methods/events/create-series.js';
import eventsGet from '../../methods/events/get.js';
import eventsList from '../../methods/events/list.js';
import eventsPublish from '../../methods/events/publish.js';
import eventsSeats from '../../methods/events/seats.js';
import eventsUpdate from '../../methods/events/update.js';
import hallsAddSection from '../../methods/halls/add-section.js';
import hallsCreate from '../../methods/halls/create.js';
import hallsGet from '../../methods/halls/get.js';
import hallsUpdateLayout from '../../methods/halls/update-layout.js';
import venuesCreate from '../../methods/venues/create.js';
import venuesGet from '../../methods/venues/get.js';
import venuesUpdate from '../../methods/venues/update.js';
import venuesList from '../../methods/venues/list.js';
import { methodRoute, type ApiRoute } from './route.js';
import { errorRef, jsonResponse } from './schemas.js';

// no-cache makes every cache ask again, since the map changes whenever a seat does;
// asking with the ETag costs a 304 and no body while nothing changed.
export const SEAT_MAP_HEADERS = { 'Cache-Control': 'private, no-cache' };

// A 5,000-seat layout is about 200 kB of JSON.
const LAYOUT_BODY_LIMIT = '1mb';

const object = { type: 'object' };
const writes = {
  400: errorRef('BadRequest'),
  401: errorRef('Unauthenticated'),
  403: errorRef('Forbidden'),
  404: errorRef('NotFound'),
};
const reads = { 400: errorRef('BadRequest'), 404: errorRef('NotFound') };

export function catalogRoutes(): ApiRoute[] {
  return [
    methodRoute('get', '/venues', venuesList, {
      doc: { responses: { 200: jsonResponse('Venues and their halls.', object) } },
    }),
    methodRoute('post', '/venues', venuesCreate, {
      status: 201,
      doc: { responses: { 201: jsonResponse('The venue.', object), ...writes } },
    }),
    methodRoute('get', '/venues/:id', venuesGet, {
      doc: { responses: { 200: jsonResponse('The venue and its halls.', object), ...reads } },
    }),
    methodRoute('put', '/venues/:id', venuesUpdate, {
      doc: { responses: { 200: jsonResponse('The venue.', object), ...writes } },
    }),
    methodRoute('post', '/venues/:id/halls', hallsCreate, {
      input: (req) => ({ ...req.body, venue_id: req.params.id }),
      bodyLimit: LAYOUT_BODY_LIMIT,
      status: 201,
      doc: { responses: { 201: jsonResponse('The hall with its sections.', object), ...writes } },
    }),
    methodRoute('get', '/halls/:id', hallsGet, {
      doc: { responses: { 200: jsonResponse('The hall and its layout.', object), ...reads } },
    }),
    methodRoute('put', '/halls/:id/layout', hallsUpdateLayout, {
      bodyLimit: LAYOUT_BODY_LIMIT,
      doc: {
        responses: {
          200: jsonResponse('The hall with its new sections.', object),
          ...writes,
          409: errorRef('Conflict'),
        },
      },
    }),
    methodRoute('post', '/halls/:id/sections', hallsAddSection, {
      bodyLimit: LAYOUT_BODY_LIMIT,
      status: 201,
      doc: {
        responses: {
          201: jsonResponse('The hall with the new section.', object),
          ...writes,
          409: errorRef('Conflict'),
        },
      },
    }),
    methodRoute('get', '/events', eventsList, {
      doc: { responses: { 200: jsonResponse('{events, page, total}', object), ...reads } },
    }),
    methodRoute('post', '/events', eventsCreate, {
      status: 201,
      doc: { responses: { 201: jsonResponse('The draft event.', object), ...writes } },
    }),
    methodRoute('post', '/events/series', eventsCreateSeries, {
      status: 201,
      doc: { responses: { 201: jsonResponse('The drafts, one per showing.', object), ...writes } },
    }),
    methodRoute('get', '/events/:id', eventsGet, {
      doc: { responses: { 200: jsonResponse('The event.', object), ...reads } },
    }),
    methodRoute('get', '/events/:id/seats', eventsSeats, {
      headers: SEAT_MAP_HEADERS,
      conditional: true,
      doc: {
        responses: {
          200: jsonResponse('{event_id, version, seats, sections}', object),
          304: { description: 'The map is unchanged since the ETag sent in If-None-Match.' },
          ...reads,
        },
      },
    }),
    methodRoute('put', '/events/:id', eventsUpdate, {
      doc: {
        responses: {
          200: jsonResponse('The event.', object),
          ...writes,
          409: errorRef('Conflict'),
        },
      },
    }),
    methodRoute('post', '/events/:id/publish', eventsPublish, {
      doc: {
        responses: {
          200: jsonResponse('The published event.', object),
          ...writes,
          409: errorRef('Conflict'),
        },
      },
    }),
    methodRoute('post', '/events/:id/cancel', eventsCancel, {
      doc: {
        responses: {
          200: jsonResponse('The cancelled event.', object),
          ...writes,
          409: errorRef('Conflict'),
        },
      },
    }),
  ];
}
