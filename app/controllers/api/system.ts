import type { Sequelize } from 'sequelize';
import { pingDatabase } from '../../core/database.js';
import ping from '../../methods/system/ping.js';
import { servicesOf } from '../services.js';
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
          200: jsonResponse('Healthy.', healthSchema(['ok'], ['ok'])),
          503: jsonResponse(
            'The database does not answer (`error`), or this node is stopping and still answers for a grace period (`draining`): send new clients elsewhere.',
            healthSchema(['error', 'draining'], ['ok', 'unreachable']),
          ),
        },
      },
      async handler(req, res) {
        const dbUp = await pingDatabase(deps.sequelize);
        const draining = servicesOf(req).drain.draining;
        res.setHeader('Cache-Control', 'no-store');
        res.status(dbUp && !draining ? 200 : 503).json({
          status: draining ? 'draining' : dbUp ? 'ok' : 'error',
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

function healthSchema(status: string[], db: string[]) {
  return {
    type: 'object',
    required: ['status', 'db', 'uptime_s'],
    properties: {
      status: { enum: status },
      db: { enum: db },
      uptime_s: { type: 'integer', minimum: 0 },
    },
  };
}
