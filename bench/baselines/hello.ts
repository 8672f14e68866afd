// Express 5 hello-world: what one HTTP request costs on this machine with nothing behind it.
import { createServer } from 'node:http';
import express from 'express';
import { serveBench } from '../serve.js';

const app = express();
app.get('/', (_req, res) => {
  res.send('Hello World!');
});
const server = createServer(app);
serveBench('hello', server, async () => {
  server.close();
});
