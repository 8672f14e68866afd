// The least a live seat map can do: a bare Socket.IO server. A socket joins an event's
// room with a `join` message (acknowledged, no snapshot), and POST /broadcast pushes a
// `seats.changed` of the same shape and size as Seats' (4 seats, 1 section) to the room,
// answering once it is handed to Socket.IO, as Seats answers a hold once it committed.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { serveBench } from '../serve.js';

const server = createServer();
const io = new Server(server);
let version = 0;

io.on('connection', (socket) => {
  socket.on(
    'message',
    (envelope: { type: string; data: { event_id: number }; eid: string }, ack) => {
      if (envelope.type === 'join') void socket.join(`event:${envelope.data.event_id}`);
      ack?.({ type: envelope.type, data: { joined: true }, eid: envelope.eid, ts: Date.now() });
    },
  );
});

server.on('request', (req, res) => {
  if (req.url?.startsWith('/socket.io/')) return; // Socket.IO's own
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    const { event_id, seat_ids } = JSON.parse(body || '{}') as {
      event_id: number;
      seat_ids: number[];
    };
    const data = {
      event_id,
      version: ++version,
      seats: seat_ids.map((id) => ({ id, status: 'held' })),
      sections: [{ id: 1, available: 1996 }],
    };
    io.to(`event:${event_id}`).emit('message', { type: 'seats.changed', data, ts: Date.now() });
    res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});

serveBench('bare-broadcast', server, async () => {
  io.disconnectSockets(true);
  await io.close();
});
