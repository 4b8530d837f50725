'use strict';
// A receiver for WeComGateway's webhooks: verifies each POST and answers 204, or 401 when it does not verify.
// node receiver.js --secret whsec_… [--port 8080] [--count N]
const http = require('node:http');
const { verifyWebhook } = require('./verify');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const secret = option('--secret', process.env.WEBHOOK_SECRET);
const port = Number(option('--port', '8080'));
const count = Number(option('--count', '0'));
if (!secret) {
  console.error('usage: node receiver.js --secret whsec_… [--port 8080] [--count N]');
  process.exit(2);
}

const seen = new Set(); // webhook-ids already handled: a redelivery is acknowledged, not handled twice
let handled = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const event = verifyWebhook(secret, req.headers, Buffer.concat(chunks));
      const id = req.headers['webhook-id'];
      console.log(`${seen.has(id) ? 'repeat' : 'verified'} ${event.type} ${id}`);
      seen.add(id);
      res.writeHead(204).end();
      if (count > 0 && ++handled >= count) {
        server.close();
      }
    } catch (e) {
      console.log(`refused: ${e.message}`);
      res.writeHead(401).end();
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}/`));
