import type { Sequelize } from 'sequelize';
import { pingDatabase } from '../../core/database.js';
import ping from '../../methods/system/ping.js';
import { methodRoute, type ApiRoute } from './route.js';
import { errorRef, jsonResponse } from './schemas.js';

const pingResult = {
  type: 'object',
  required: ['pong', 'echo', 'server_time', 'signed_in_as'],
  properties: {
    pong: { const: true },
    echo: { type: ['string', 'null'] },
    server_time: { type: 'string', format: 'date-time' },
    signed_in_as: {
      type: ['string', 'null'],
      description: 'Username of the caller, null for visitors.',
    },
  },
};

export function systemRoutes(deps: { sequelize: Sequelize }): ApiRoute[] {
  return [
    {
      verb: 'get',
      path: '/health',
      doc: {
        summary: 'Health of this node and its database, for load balancers and monitors.',
        operationId: 'system.health',
        tags: ['system'],
        responses: {
          200: jsonResponse('Healthy.', healthSchema('ok')),
          503: jsonResponse('The database does not answer.', healthSchema('unreachable')),
        },
      },
      async handler(_req, res) {
        const dbUp = await pingDatabase(deps.sequelize);
        res.setHeader('Cache-Control', 'no-store');
        res.status(dbUp ? 200 : 503).json({
          status: dbUp ? 'ok' : 'error',
          db: dbUp ? 'ok' : 'unreachable',
          uptime_s: Math.round(process.uptime()),
        });
      },
    },
    methodRoute('get', '/system/ping', ping, {
      doc: {
        responses: { 200: jsonResponse('Pong.', pingResult), 400: errorRef('BadRequest') },
      },
    }),
    methodRoute('post', '/system/ping', ping, {
      doc: {
        responses: { 200: jsonResponse('Pong.', pingResult), 400: errorRef('BadRequest') },
      },
    }),
  ];
}

function healthSchema(db: 'ok' | 'unreachable') {
  return {
    type: 'object',
    required: ['status', 'db', 'uptime_s'],
    properties: {
      status: { const: db === 'ok' ? 'ok' : 'error' },
      db: { const: db },
      uptime_s: { type: 'integer', minimum: 0 },
    },
  };
}
