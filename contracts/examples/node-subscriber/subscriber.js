#!/usr/bin/env node
// A WeComGateway subscriber written without MassTransit: it declares its own queue, binds it to the exchanges it is
// given, and checks the record under each envelope's "message" against contracts/schemas/{RecordName}.json.
//
//   node subscriber.js --url amqp://guest:guest@localhost:5672/ \
//     --exchange WeComGateway.Contracts:ExternalContactAdded --exchange WeComGateway.Contracts:CorpAuthorized
//
// Prints one line per message ("valid <Record> <messageId>" or "invalid <Record> <messageId>: <errors>").
// With --count N it stops after N messages: exit 0 when all were valid, 1 on the first invalid one or when fewer than
// N arrived within --timeout seconds. Without --count it runs until interrupted.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const amqp = require('amqplib');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const URN_PREFIX = 'urn:message:';

function parseArguments(argv) {
  const options = {
    url: process.env.AMQP_URL || 'amqp://guest:guest@localhost:5672/',
    exchanges: [],
    count: null,
    timeoutSeconds: 30,
    schemas: path.resolve(__dirname, '..', '..', 'schemas'),
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--url': options.url = value(); break;
      case '--exchange': options.exchanges.push(value()); break;
      case '--count': options.count = Number.parseInt(value(), 10); break;
      case '--timeout': options.timeoutSeconds = Number.parseFloat(value()); break;
      case '--schemas': options.schemas = path.resolve(value()); break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (options.exchanges.length === 0) throw new Error('give at least one --exchange');
  return options;
}

/** One compiled validator per record, from the schema file named like it. */
function loadValidators(folder, exchanges) {
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  const validators = new Map();
  for (const exchange of exchanges) {
    const record = exchange.slice(exchange.lastIndexOf(':') + 1);
    const schema = JSON.parse(fs.readFileSync(path.join(folder, `${record}.json`), 'utf8'));
    validators.set(exchange, { record, validate: ajv.compile(schema) });
  }
  return validators;
}

/** What is wrong with one delivery, or null when the envelope and its record match the contract. */
function check(delivery, validators) {
  const { record, validate } = validators.get(delivery.fields.exchange);
  let envelope;
  try {
    envelope = JSON.parse(delivery.content.toString('utf8'));
  } catch (error) {
    return { record, messageId: '?', problem: `not JSON: ${error.message}` };
  }
  const messageId = envelope.messageId || '?';
  const urn = URN_PREFIX + delivery.fields.exchange;
  if (!Array.isArray(envelope.messageType) || !envelope.messageType.includes(urn)) {
    return { record, messageId, problem: `messageType does not name ${urn}` };
  }
  if (!validate(envelope.message)) {
    const errors = validate.errors.map(e => `${e.instancePath || '/'} ${e.message}`).join('; ');
    return { record, messageId, problem: errors };
  }
  return { record, messageId, problem: null };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const validators = loadValidators(options.schemas, options.exchanges);

  const connection = await amqp.connect(options.url);
  const channel = await connection.createChannel();
  // A queue of our own that disappears with us; a real service declares a named durable one instead.
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
  for (const exchange of options.exchanges) {
    // The gateway declares these at start-up; declaring them with the same arguments lets us bind first.
    await channel.assertExchange(exchange, 'fanout', { durable: true, autoDelete: false });
    await channel.bindQueue(queue, exchange, '');
  }
  console.log(`ready: queue ${queue} bound to ${options.exchanges.length} exchange(s)`);

  let received = 0;
  let finished = false;
  const finish = async code => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    await connection.close().catch(() => {});
    process.exit(code);
  };
  const timer = options.count === null ? null : setTimeout(() => {
    console.log(`timed out: ${received} of ${options.count} message(s) in ${options.timeoutSeconds} s`);
    void finish(1);
  }, options.timeoutSeconds * 1000);

  await channel.consume(queue, delivery => {
    if (delivery === null || finished) return;
    const { record, messageId, problem } = check(delivery, validators);
    channel.ack(delivery);
    received++;
    if (problem !== null) {
      console.log(`invalid ${record} ${messageId}: ${problem}`);
      void finish(1);
    } else {
      console.log(`valid ${record} ${messageId}`);
      if (options.count !== null && received >= options.count) {
        console.log(`done: ${received} valid message(s)`);
        void finish(0);
      }
    }
  }, { noAck: false });

  process.on('SIGINT', () => void finish(0));
  process.on('SIGTERM', () => void finish(0));
}

main().catch(error => {
  console.error(`subscriber failed: ${error.message}`);
  process.exit(2);
});
